import type { Principal } from '../auth';

export type ExchangeAction = 'connector.manage' | 'queue.read' | 'queue.retry' | 'document.send' | 'document.handle';

/** Pure rules: the admin configures and watches the exchange; the văn thư sends and handles received packages. */
export function canExchange(p: Principal, action: ExchangeAction): boolean {
  if (p.sysadmin) return true;
  const admin = p.roles.has('admin');
  const clerk = p.roles.has('clerk');
  switch (action) {
    case 'connector.manage':
      return admin;
    case 'queue.read':
    case 'queue.retry':
      return admin || clerk;
    case 'document.send':
    case 'document.handle':
      return clerk || admin;
  }
}
