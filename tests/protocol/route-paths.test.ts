// The device takes its paths from route-paths.ts so that it need not download
// the route table; the table stays the one declaration. The compiler already
// holds each path to the table's; this checks the same at run time, both ways.
import { describe, expect, it } from 'vitest';
import { ROUTE_PATHS } from '../../src/protocol/route-paths.ts';
import { ROUTE_TABLE, type RouteTable } from '../../src/protocol/routes.ts';

describe('the paths the device uses', () => {
  it('are the route table’s paths, for every operation and no other', () => {
    const table: RouteTable = ROUTE_TABLE;
    expect(Object.fromEntries(Object.entries(table).map(([id, r]) => [id, r.path]))).toEqual(ROUTE_PATHS);
  });
});
