import { useSession } from '../app/session.tsx';
import '../desk/case-views.css';
import { WorkerView } from './worker-view.tsx';

/** The grid worker's phone view (`#/worker`; the route table lets only grid workers in). */
export default function WorkerPage() {
  const { session } = useSession();
  const user = session?.user;
  if (!user) return null;
  return <main className="app-body role-page role-page-phone"><WorkerView user={user} /></main>;
}
