import type { EmulatorContext } from '../../context.js';
import type { Account, Organization } from '../../state/model.js';
import { derivedToken } from './ids.js';
import { digicertInferred } from './inferred.js';
import { isoTz, presentContainerRef, presentOrganization, profileOf } from './presenters.js';
import { validationNames } from './products.js';

const dayMs = 86_400_000;

/** A container as /container and the users' `container` show it (recorded: public_id, parent_id, template_id, ekey, has_logo, is_active). */
export function presentContainer(account: Account) {
  const ref = presentContainerRef(account);
  return {
    ...ref,
    public_id: derivedToken(`container:${ref.id}`, 32),
    parent_id: 0,
    template_id: digicertInferred.containerTemplateId,
    ekey: derivedToken(`ekey:${ref.id}`, 28),
    has_logo: false,
    is_active: true,
  };
}

/** The account keys that share one DigiCert account (a read-only key is a second user of the same account). */
export function usersOf(ctx: EmulatorContext, account: Account): Account[] {
  const accountId = profileOf(account).accountId;
  return ctx.store.accounts().filter((a) => a.vendor === 'digicert' && (a.id === account.id || (accountId !== undefined && profileOf(a).accountId === accountId)));
}

/** Access role of a key (Glossary access roles; the View Only key restriction reads as its own role, inferred). */
const accessRole = (key: Account) => (key.permissions === 'read' ? { id: 102, name: digicertInferred.readOnlyRole } : { id: 1, name: digicertInferred.approverRole });

/** A user as GET /user lists it (recorded field order; job_title and telephone only when set). */
export function presentUser(key: Account, lastLogin?: number) {
  const p = profileOf(key);
  const u = p.user;
  return {
    id: u?.id ?? key.id,
    username: u?.username ?? key.name,
    account_id: p.accountId ?? key.id,
    first_name: u?.first_name ?? key.name,
    last_name: u?.last_name ?? '',
    email: u?.email ?? '',
    ...(u?.job_title ? { job_title: u.job_title } : {}),
    ...(u?.telephone ? { telephone: u.telephone } : {}),
    status: 'active',
    ...(lastLogin !== undefined ? { last_login_date: isoTz(lastLogin) } : {}),
    container: presentContainer(key),
    access_roles: [accessRole(key)],
    type: 'standard',
    has_container_assignments: false,
  };
}

/** GET /account: the keys of the recorded answer, in its order (ent_support_plan is a string there). */
export function presentAccount(ctx: EmulatorContext, account: Account) {
  const p = profileOf(account);
  const id = p.accountId ?? account.id;
  const primary = ctx.store.organizationsOf(account.id)[0];
  const country = ((primary?.details as { country?: string } | undefined)?.country ?? 'us').toLowerCase();
  return {
    id,
    ...(primary ? { primary_organization_id: Number(primary.publicId), primary_organization_name: primary.name, primary_organization_country: country } : {}),
    make_renewal_calls: true,
    express_install_enabled: false,
    display_rep: true,
    rep_photo_id: 0,
    balance_negative_limit: 0,
    root_container_id: presentContainerRef(account).id,
    cert_transparency: 'embed',
    cert_central_type: 'retail',
    billing_account_id: id,
    billing_account_name: primary?.name ?? account.name,
    language_id: 1,
    migrated: false,
    has_auth_key: false,
    client_mgr_photo_id: 0,
    ent_support_plan: '1',
    default_country: country,
  };
}

/** Organization validations (OV and EV, active for a usable organization), as domains and organizations show them. */
export function organizationValidations(org: Organization) {
  if (!org.usable) return [];
  const until = org.createdAt + digicertInferred.organizationValidationDays * dayMs;
  return (['ev', 'ov'] as const).map((type) => ({
    type,
    name: validationNames[type].validation_name,
    description: validationNames[type].validation_description,
    date_created: isoTz(org.createdAt),
    validated_until: isoTz(until),
    status: 'active',
  }));
}

/** The full organization (GET /organization/{id}): the short form plus validations, contacts and the optional address fields. */
export function presentOrganizationDetails(org: Organization, account: Account) {
  const d = org.details as Record<string, string | undefined>;
  const u = profileOf(account).user;
  return {
    ...presentOrganization(org, account),
    assumed_name: d.assumed_name ?? d.display_name ?? org.name,
    address2: d.address2 ?? '',
    organization_contact: u
      ? { first_name: u.first_name, last_name: u.last_name, email: u.email, job_title: u.job_title ?? '', telephone: u.telephone ?? '' }
      : { first_name: account.name, last_name: '', email: '', job_title: '', telephone: '' },
    validations: organizationValidations(org),
    ev_approvers: [],
  };
}
