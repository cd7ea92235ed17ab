import { useNarrowScreen } from '../app/use-narrow-screen.ts';
import { CaseDesk } from './case-desk.tsx';
import './case-views.css';

/** The case desk view (`#/cases`, dispatchers and administrators; the route table checks the role). */
export default function CaseDeskPage() {
  const narrow = useNarrowScreen();
  return <main className="app-body role-page"><CaseDesk narrow={narrow} /></main>;
}
