import { serviceStatus } from '@omnicart/bff';
import { ROLE_LABELS } from '@omnicart/contracts';
import { Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import styles from '@/components/orders/OrderDetail.module.css';
import { OrdersTable } from '@/components/orders/OrdersTable';
import { EntityHistory } from '@/components/audit/EntityHistory';
import { CustomerPreferences } from '@/components/messages/CustomerPreferences';
import { DisableForm } from '@/components/users/DisableForm';
import { RoleForm } from '@/components/users/RoleForm';
import { customerInsights } from '@/lib/customers/insights';
import { dateTime, money } from '@/lib/format';
import { CUSTOMER_ORDERS_READ, customerOrders } from '@/server/customers';
import { entityHistory } from '@/server/audit';
import { customerPreferences } from '@/server/messages';
import { orForbidden, requireSection } from '@/server/guard';
import { changeStaffRole, setAccountDisabled } from '@/server/user-actions';

export const metadata: Metadata = { title: 'Customer' };

const ORDERS_SHOWN = 20;

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { api, staff, user } = await requireSection('customers');
  const { id } = await params;
  const customer = await orForbidden(api.identity.byId.query({ id })).catch((error: unknown) => {
    if (serviceStatus(error) === 404 || serviceStatus(error) === 400) notFound();
    throw error;
  });
  const { orders, total } = await orForbidden(customerOrders(api, customer.id));
  const insights = customerInsights(orders);
  const own = customer.id === user?.id;
  const canDisable = !own && staff.permissions.includes(customer.staffRole ? 'staff:manage' : 'customers:write');
  const canGiveRole = !own && !customer.staffRole && staff.permissions.includes('staff:manage');

  return (
    <div className="stack">
      <p>
        <Link href="/customers">← All customers</Link>
      </p>
      <div className="page-header">
        <h1 className="page-title">
          {customer.name} {customer.disabled ? <Badge tone="danger">Disabled</Badge> : null}
        </h1>
      </div>

      <div className={styles.layout}>
        <div className={styles.column}>
          <section className="panel" aria-labelledby="figures-title">
            <h2 id="figures-title" className={styles.panelTitle}>
              Orders
            </h2>
            <dl className={styles.facts}>
              <dt>Lifetime value</dt>
              <dd data-testid="lifetime-value">{money(insights.lifetimeValue)}</dd>
              <dt>Orders</dt>
              <dd>
                {total} ({insights.paidOrders} paid)
              </dd>
              <dt>Last order</dt>
              <dd>{insights.lastOrderAt ? dateTime(insights.lastOrderAt) : 'No orders yet'}</dd>
            </dl>
            <p className="muted">
              Lifetime value: the totals of the paid orders (paid, fulfilled, delivered or refunded) less what was refunded of them; pending, failed and
              cancelled orders do not count.
              {total > orders.length ? ` Worked out from the newest ${CUSTOMER_ORDERS_READ.toLocaleString('en-US')} orders.` : ''}
            </p>
            {orders.length ? <OrdersTable orders={orders.slice(0, ORDERS_SHOWN)} caption={`Orders of ${customer.name}`} compact /> : null}
            {total > 0 ? (
              <p>
                <Link href={`/orders?customerId=${customer.id}`}>{total > ORDERS_SHOWN ? `All ${total} orders of this customer` : 'These orders in the order list'}</Link>
              </p>
            ) : null}
          </section>
        </div>

        <div className={styles.column}>
          <section className="panel" aria-labelledby="profile-title">
            <h2 id="profile-title" className={styles.panelTitle}>
              Profile
            </h2>
            <dl className={styles.facts}>
              <dt>Email</dt>
              <dd>
                <a href={`mailto:${customer.email}`}>{customer.email}</a>
              </dd>
              <dt>Customer since</dt>
              <dd>{dateTime(customer.createdAt)}</dd>
              <dt>Access</dt>
              <dd>{customer.disabled ? 'Disabled: cannot sign in' : 'Active'}</dd>
              {customer.staffRole ? (
                <>
                  <dt>Staff role</dt>
                  <dd>{ROLE_LABELS[customer.staffRole]}</dd>
                </>
              ) : null}
              <dt>Id</dt>
              <dd className="muted">{customer.id}</dd>
            </dl>
            {canDisable ? (
              <div style={{ marginTop: 12 }}>
                <DisableForm userId={customer.id} name={customer.name} disabled={customer.disabled} action={setAccountDisabled} />
              </div>
            ) : null}
          </section>

          <CustomerPreferences userId={customer.id} preferences={await customerPreferences(customer.id)} headingClassName={styles.panelTitle} factsClassName={styles.facts} />

          {canGiveRole ? (
            <section className="panel" aria-labelledby="role-title">
              <h2 id="role-title" className={styles.panelTitle}>
                Give a staff role
              </h2>
              <p className="muted">They keep their account and sign in to the admin with it. Their current sessions are signed out.</p>
              <RoleForm userId={customer.id} name={customer.name} current={null} action={changeStaffRole} submitLabel="Give role" />
            </section>
          ) : null}

          <section className="panel" aria-labelledby="addresses-title">
            <h2 id="addresses-title" className={styles.panelTitle}>
              Shipping addresses
            </h2>
            {insights.addresses.length === 0 ? (
              <p className="muted">None yet: addresses come from their orders.</p>
            ) : (
              <ul style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 12 }}>
                {insights.addresses.map(({ address, orders: count }, index) => (
                  <li key={index}>
                    <address style={{ fontStyle: 'normal' }}>
                      {address.name}
                      <br />
                      {address.line1}
                      {address.line2 ? `, ${address.line2}` : ''}
                      <br />
                      {address.postalCode} {address.city}, {address.country}
                    </address>
                    <span className="muted">
                      {count} {count === 1 ? 'order' : 'orders'}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
      <EntityHistory entityType="customer" entityId={customer.id} history={await entityHistory('customer', customer.id)} />
    </div>
  );
}
