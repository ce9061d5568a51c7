import { ROLE_LABELS, STAFF_ROLES } from '@omnicart/contracts';
import { Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import { Pager } from '@/components/Pager';
import { FilterButtons, ListTotal, PageSizeField } from '@/components/ListControls';
import styles from '@/components/lists.module.css';
import { DisableForm } from '@/components/users/DisableForm';
import { InviteStaffForm } from '@/components/users/InviteStaffForm';
import { RevokeInvitationForm } from '@/components/users/RevokeInvitationForm';
import { RoleForm } from '@/components/users/RoleForm';
import { dateTime } from '@/lib/format';
import { isFiltered, parseUserListParams, userListInput, userListQuery } from '@/lib/users/list-params';
import { USER_SORT_LABELS } from '@/lib/users/types';
import type { SearchParams } from '@/lib/url-state';
import { orForbidden, requireSection } from '@/server/guard';
import { changeStaffRole, inviteStaff, revokeInvitation, setAccountDisabled } from '@/server/user-actions';

export const metadata: Metadata = { title: 'Staff' };

/** Staff members (filters, sort and page in the URL), pending invitations, and for owners the invite form and per-row role and access controls. */
export default async function StaffPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api, staff, user } = await requireSection('staff');
  const state = parseUserListParams(await searchParams);
  const [result, invitations] = await Promise.all([orForbidden(api.identity.listStaff.query(userListInput(state))), orForbidden(api.identity.invitations.query({}))]);
  const canManage = staff.permissions.includes('staff:manage');
  const filtered = isFiltered(state);
  const pending = invitations.items;

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Staff</h1>
      </div>

      <div className={canManage ? styles.side : undefined}>
        <div className="stack">
          <form method="get" action="/staff" className={`panel ${styles.filters}`} role="search" aria-label="Filter staff">
            <label className={styles.wide}>
              Search
              <input className="oc-input" type="search" name="q" defaultValue={state.q} placeholder="Name or email" />
            </label>
            <label>
              Role
              <select className="oc-select" name="staffRole" defaultValue={state.staffRole ?? ''}>
                <option value="">Any role</option>
                {STAFF_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Access
              <select className="oc-select" name="disabled" defaultValue={state.disabled ?? ''}>
                <option value="">Active and disabled</option>
                <option value="no">Active only</option>
                <option value="yes">Disabled only</option>
              </select>
            </label>
            <label>
              Sort
              <select className="oc-select" name="sort" defaultValue={state.sort}>
                {Object.entries(USER_SORT_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <PageSizeField value={state.pageSize} />
            <FilterButtons filtered={filtered} clearHref="/staff" />
          </form>

          <ListTotal noun={{ one: 'staff member', many: 'staff members', none: 'No staff members yet.' }} result={result} filtered={filtered} />
          {result.items.length ? (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="oc-visually-hidden">Staff members</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Access</th>
                    <th scope="col">Joined</th>
                    {canManage ? <th scope="col">Change</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {result.items.map((member) => {
                    const own = member.id === user?.id;
                    return (
                      <tr key={member.id}>
                        <th scope="row">
                          {member.name}
                          {own ? <span className="muted"> (you)</span> : null}
                        </th>
                        <td>{member.email}</td>
                        <td>{member.staffRole ? ROLE_LABELS[member.staffRole] : '—'}</td>
                        <td>{member.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</td>
                        <td>{dateTime(member.createdAt)}</td>
                        {canManage ? (
                          <td>
                            {own ? (
                              <span className="muted">Your own account</span>
                            ) : (
                              <div className={styles.actions}>
                                <RoleForm userId={member.id} name={member.name} current={member.staffRole} action={changeStaffRole} />
                                <DisableForm userId={member.id} name={member.name} disabled={member.disabled} action={setAccountDisabled} />
                              </div>
                            )}
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={(page) => `/staff${userListQuery(state, { page })}`} label="Staff pages" />

          <section aria-labelledby="invitations-title">
            <h2 id="invitations-title" className="section-title">
              Pending invitations
            </h2>
            {pending.length === 0 ? (
              <p className="muted">No pending invitations.</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="oc-visually-hidden">Pending invitations</caption>
                  <thead>
                    <tr>
                      <th scope="col">Email</th>
                      <th scope="col">Name</th>
                      <th scope="col">Role</th>
                      <th scope="col">Link</th>
                      {canManage ? <th scope="col">Withdraw</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {pending.map((invitation) => (
                      <tr key={invitation.id}>
                        <th scope="row">{invitation.email}</th>
                        <td>{invitation.name}</td>
                        <td>{ROLE_LABELS[invitation.staffRole]}</td>
                        <td>{invitation.expired ? <Badge tone="warning">Expired {dateTime(invitation.expiresAt)}</Badge> : `Works until ${dateTime(invitation.expiresAt)}`}</td>
                        {canManage ? (
                          <td>
                            <RevokeInvitationForm invitationId={invitation.id} email={invitation.email} action={revokeInvitation} />
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>

        {canManage ? (
          <section className="panel" aria-label="Invite staff">
            <InviteStaffForm action={inviteStaff} />
          </section>
        ) : null}
      </div>
    </div>
  );
}
