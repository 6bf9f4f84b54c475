// The outlet and producer administration as the admin pages call it, through
// the one management call of admin-api.ts (session, schemas, ManagementError).
import { adminOutletListSchema, adminOutletSchema, adminProducerListSchema, adminProducerSchema, type AdminOutlet, type AdminProducer, type CreateOutletRequest, type CreateProducerRequest, type OutletWrite, type ProducerWrite } from '../../protocol/catalog-admin.ts';
import { CATALOG_ADMIN_ROUTES } from '../../protocol/route-paths.ts';
import { call } from './admin-api.ts';

export async function listAdminOutlets(): Promise<AdminOutlet[]> {
  return (await call('GET', CATALOG_ADMIN_ROUTES.outlets, adminOutletListSchema)).outlets;
}

export function createOutlet(body: CreateOutletRequest): Promise<AdminOutlet> {
  return call('POST', CATALOG_ADMIN_ROUTES.outlets, adminOutletSchema, { body });
}

export function updateOutlet(outletId: string, body: OutletWrite): Promise<AdminOutlet> {
  return call('PATCH', CATALOG_ADMIN_ROUTES.outlet.replace(':outletId', encodeURIComponent(outletId)), adminOutletSchema, { body });
}

export async function listAdminProducers(): Promise<AdminProducer[]> {
  return (await call('GET', CATALOG_ADMIN_ROUTES.producers, adminProducerListSchema)).producers;
}

export function createProducer(body: CreateProducerRequest): Promise<AdminProducer> {
  return call('POST', CATALOG_ADMIN_ROUTES.producers, adminProducerSchema, { body });
}

export function updateProducer(producerId: string, body: ProducerWrite): Promise<AdminProducer> {
  return call('PATCH', CATALOG_ADMIN_ROUTES.producer.replace(':producerId', encodeURIComponent(producerId)), adminProducerSchema, { body });
}
