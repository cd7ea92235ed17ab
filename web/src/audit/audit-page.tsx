import '../desk/case-views.css';
import { AuditLogView } from './audit-log-view.tsx';

/** The audit log view (`#/audit`, auditors and administrators; the route table checks the role). */
export default function AuditPage() {
  return <main className="app-body role-page role-page-scroll"><AuditLogView /></main>;
}
