import { ConnectorError, rejectedError, type ConnectorContext } from '../../src/sdk';
import type { XeroConfig } from './config';
import { listOf, xero } from './client';
import type { XeroContact } from './mapping';

type Ctx = ConnectorContext<XeroConfig>;

/** The contact whose Name is exactly `name`, found with Xero's searchTerm (no where-clause escaping needed). */
async function byName(ctx: Ctx, name: string, term: string): Promise<string | undefined> {
  const res = await xero(ctx, { path: 'Contacts', params: { searchTerm: term, summaryOnly: 'true' } });
  const hit = listOf(res, 'Contacts').find(
    (c) => typeof c.Name === 'string' && c.Name.toLowerCase() === name.toLowerCase(),
  );
  return typeof hit?.ContactID === 'string' ? hit.ContactID : undefined;
}

/** ContactID for the payload's contact: as given, found by name (searched by e-mail when known), or created. */
export async function resolveContact(ctx: Ctx, contact: XeroContact, deliveryKey: string): Promise<string> {
  if ('id' in contact) return contact.id;
  const term = contact.email ?? contact.name;
  const found = await byName(ctx, contact.name, term);
  if (found) return found;
  try {
    const res = await xero(ctx, {
      method: 'PUT',
      path: 'Contacts',
      idempotencyKey: `${deliveryKey}-contact`,
      body: {
        Contacts: [
          {
            Name: contact.name,
            ...(contact.firstName ? { FirstName: contact.firstName.slice(0, 255) } : {}),
            ...(contact.lastName ? { LastName: contact.lastName.slice(0, 255) } : {}),
            ...(contact.email ? { EmailAddress: contact.email } : {}),
          },
        ],
      },
    });
    const id = listOf(res, 'Contacts')[0]?.ContactID;
    if (typeof id === 'string') return id;
  } catch (error) {
    // Names are unique in Xero: a refused create may be a contact made meanwhile; look once more below.
    if (!(error instanceof ConnectorError && error.kind === 'rejected')) throw error;
  }
  const again = await byName(ctx, contact.name, contact.name);
  if (again) return again;
  throw rejectedError('Xero would not create a contact for the buyer', {
    code: 'XERO_CONTACT_REFUSED',
    remedy:
      'Check the contact in Xero (an archived contact keeps its name), or map the channel to one contact in xero-contact, then replay.',
  });
}
