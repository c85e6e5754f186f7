import { lazy } from 'react';
import { Link, Navigate, Route, Routes, useSearchParams } from 'react-router-dom';
import { parseViewState } from '../lib/view-state';
import { Layout } from '../views/shell/Layout';
import { SessionGate } from './session';

// One chunk per view: the wall loads without the pages it never shows.
const OverviewView = lazy(() => import('../views/overview/OverviewView'));
const WallView = lazy(() => import('../views/wall/WallView'));
const CodeView = lazy(() => import('../views/code/CodeView'));
const ClassView = lazy(() => import('../views/classes/ClassView'));
const CodesReference = lazy(() => import('../views/reference/CodesReference'));
const AlertRules = lazy(() => import('../views/alerts/RulesView'));
const AlertHistory = lazy(() => import('../views/alerts/HistoryView'));
const CallsView = lazy(() => import('../views/calls/CallsView'));
const CallView = lazy(() => import('../views/calls/CallView'));
const IntakeView = lazy(() => import('../views/intake/IntakeView'));

function Home() {
  const [params] = useSearchParams();
  return parseViewState(params).kiosk ? <WallView /> : <OverviewView />;
}

function NotFound() {
  return (
    <div>
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the overview</Link>
      </p>
    </div>
  );
}

export function App() {
  return (
    <SessionGate>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="wall" element={<Navigate to="/?kiosk" replace />} />
          <Route path="codes" element={<CodesReference />} />
          <Route path="codes/:code" element={<CodeView />} />
          <Route path="classes/:cls" element={<ClassView />} />
          <Route path="alerts" element={<AlertRules />} />
          <Route path="alerts/history" element={<AlertHistory />} />
          <Route path="calls" element={<CallsView />} />
          <Route path="calls/:callId" element={<CallView />} />
          <Route path="intake" element={<IntakeView />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionGate>
  );
}
