import { isJsonObject, ConnectorError, rejectedError, type ConnectorContext } from '../../src/sdk';
import type { QuickBooksConfig } from './config';
import { qbo, qboString, query } from './client';
import type { QboCustomer } from './mapping';

type Ctx = ConnectorContext<QuickBooksConfig>;

async function byDisplayName(ctx: Ctx, name: string): Promise<string | undefined> {
  const rows = await query(ctx, 'Customer', `select * from Customer where DisplayName = ${qboString(name)}`);
  const id = rows[0]?.Id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The QuickBooks Customer.Id for the payload's customer: as given, found by display name, or created. The
 * create carries a request id derived from the delivery key, so a retried create cannot make a second one.
 */
export async function resolveCustomer(ctx: Ctx, customer: QboCustomer, deliveryKey: string): Promise<string> {
  if ('id' in customer) return customer.id;
  const found = await byDisplayName(ctx, customer.displayName);
  if (found) return found;
  try {
    const res = await qbo(ctx, {
      method: 'POST',
      path: 'customer',
      params: { requestid: `${deliveryKey}-c` },
      body: {
        DisplayName: customer.displayName,
        ...(customer.givenName ? { GivenName: customer.givenName.slice(0, 100) } : {}),
        ...(customer.familyName ? { FamilyName: customer.familyName.slice(0, 100) } : {}),
        ...(customer.email ? { PrimaryEmailAddr: { Address: customer.email } } : {}),
        ...(customer.phone ? { PrimaryPhone: { FreeFormNumber: customer.phone.slice(0, 30) } } : {}),
      },
    });
    const created =
      isJsonObject(res.data) && isJsonObject(res.data.Customer) ? res.data.Customer.Id : undefined;
    if (typeof created === 'string') return created;
  } catch (error) {
    // 6240: the name is taken — by a customer created meanwhile (look again) or by a vendor/employee.
    if (!(error instanceof ConnectorError && error.code === 'QUICKBOOKS_DUPLICATE_NAME')) throw error;
  }
  const again = await byDisplayName(ctx, customer.displayName);
  if (again) return again;
  throw rejectedError(
    'the buyer’s display name is taken by a vendor, employee or inactive customer in QuickBooks',
    {
      code: 'QUICKBOOKS_NAME_TAKEN',
      remedy:
        'Rename or reactivate that record in QuickBooks, or map the channel to one customer in quickbooks-customer, then replay.',
    },
  );
}
