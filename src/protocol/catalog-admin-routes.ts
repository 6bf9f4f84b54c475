// The back office's outlet and producer routes, spread into ROUTE_TABLE
// (routes.ts) so they are declared, registered and documented like the rest.
import { z } from 'zod';
import {
  adminOutletListSchema,
  adminOutletSchema,
  adminProducerListSchema,
  adminProducerSchema,
  createOutletRequestSchema,
  createProducerRequestSchema,
  outletWriteSchema,
  producerWriteSchema,
} from './catalog-admin.ts';
import type { RouteTable } from './routes.ts';

const AUTH_ERRORS = [401, 403] as const;
const JSON_ERRORS = [400, 413, 415] as const;
const pathId = z.string().min(1).max(64);

export const CATALOG_ADMIN_ROUTE_TABLE = {
  listOutlets: {
    method: 'GET',
    path: '/api/admin/outlets',
    // Supervisors read them too: a transfer names a booth, a product form an outlet's stock.
    access: 'staff',
    summary: 'Every outlet with its kind, booth dates, home outlet, Lapas and the counter settings its devices use',
    response: { description: 'Outlets, by id', schema: adminOutletListSchema, component: 'AdminOutletList' },
    errors: AUTH_ERRORS,
  },
  createOutlet: {
    method: 'POST',
    path: '/api/admin/outlets',
    access: 'admin',
    summary: "Creates an outlet (store, booth or showroom); its devices get it with the next pull. Audited",
    body: { schema: createOutletRequestSchema, component: 'CreateOutletRequest' },
    response: { description: 'The outlet', schema: adminOutletSchema, component: 'AdminOutlet' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 409],
  },
  updateOutlet: {
    method: 'PATCH',
    path: '/api/admin/outlets/:outletId',
    access: 'admin',
    summary: "Changes an outlet and its counter settings; its devices use them from the next pull. Audited with before and after",
    description: 'The whole outlet is sent (a form saves all its fields). An outlet is deactivated, never deleted: sales name it.',
    params: z.object({ outletId: pathId }),
    body: { schema: outletWriteSchema, component: 'OutletWrite' },
    response: { description: 'The outlet after the change', schema: adminOutletSchema, component: 'AdminOutlet' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 404, 409],
  },
  listProducers: {
    method: 'GET',
    path: '/api/admin/producers',
    // Supervisors pick a producer for each product and receive goods from them.
    access: 'staff',
    summary: 'Every Lapas workshop and UMKM with contact, payout account, consignment terms and dated levy rules',
    response: { description: 'Producers, by name', schema: adminProducerListSchema, component: 'AdminProducerList' },
    errors: AUTH_ERRORS,
  },
  createProducer: {
    method: 'POST',
    path: '/api/admin/producers',
    access: 'admin',
    summary: 'Creates a producer. Audited',
    body: { schema: createProducerRequestSchema, component: 'CreateProducerRequest' },
    response: { description: 'The producer', schema: adminProducerSchema, component: 'AdminProducer' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 409],
  },
  updateProducer: {
    method: 'PATCH',
    path: '/api/admin/producers/:producerId',
    access: 'admin',
    summary: 'Changes a producer. Audited with before and after',
    description:
      'The whole producer is sent. A levy rule already in force (valid from today or earlier) cannot be changed or removed, since sales were made under it: add a rule with a later date (409 levy-rule-in-force). A producer with products is deactivated, never deleted.',
    params: z.object({ producerId: pathId }),
    body: { schema: producerWriteSchema, component: 'ProducerWrite' },
    response: { description: 'The producer after the change', schema: adminProducerSchema, component: 'AdminProducer' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 404, 409],
  },
} as const satisfies RouteTable;

export { CATALOG_ADMIN_ROUTES } from './route-paths.ts';
