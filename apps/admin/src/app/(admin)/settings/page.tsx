import type { Metadata } from 'next';
import { SettingsForm } from '@/components/settings/SettingsForm';
import { dateTime } from '@/lib/format';
import { formValuesOf } from '@/lib/settings/forms';
import { sectionById } from '@/sections';
import { orForbidden, requireSection } from '@/server/guard';
import { saveSettings } from '@/server/settings-actions';

export const metadata: Metadata = { title: sectionById('settings').label };

/** IANA zones this server's Intl knows (suggestions only: orders validates the zone itself). */
function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

export default async function SettingsPage() {
  const { api, staff } = await requireSection('settings');
  const settings = await orForbidden(api.orders.settings.query({}));
  const readOnly = !staff.permissions.includes('settings:write');
  return (
    <div className="stack">
      <h1 className="page-title" id="settings-title">
        Settings
      </h1>
      <p className="muted">
        {settings.saved && settings.updatedAt
          ? `Last saved ${dateTime(settings.updatedAt)} (version ${settings.version}).`
          : 'Not saved yet: these are the defaults the platform was started with.'}{' '}
        Kept by the orders service, which prices checkouts and reports with them.
      </p>
      {readOnly ? <p role="note">You can see the settings; only staff who may change settings (owners) can save them.</p> : null}
      <section className="panel">
        <SettingsForm initial={formValuesOf(settings)} timeZones={timeZones()} readOnly={readOnly} action={saveSettings} />
      </section>
    </div>
  );
}
