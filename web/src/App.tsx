import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router'
import { isApiError, setUnauthorizedHandler } from './api/client'
import { ME_KEY, useAuth, useMe } from './auth/auth'
import { ErrorBoundary } from './components/ErrorBoundary'
import { Loading } from './components/Loading'
import { COMMON_PROBLEM_ROLES, SELF_INSPECTION_ROLES, type Role } from './lib/roles'
import { REPORT_MENU_ROLES } from './pages/reports/api'

const LoginPage = lazy(() => import('./pages/LoginPage'))
// The signed-in shell (antd, AppLayout) is a chunk of its own: the sign-in page loads without it.
const Shell = lazy(() => import('./Shell'))
const HomePage = lazy(() => import('./pages/HomePage'))
const AccountPage = lazy(() => import('./pages/AccountPage'))
const UnitsPage = lazy(() => import('./pages/admin/UnitsPage'))
const DepartmentsPage = lazy(() => import('./pages/admin/DepartmentsPage'))
const UsersPage = lazy(() => import('./pages/admin/UsersPage'))
const RolesPage = lazy(() => import('./pages/security/RolesPage'))
const AuditPage = lazy(() => import('./pages/audit/AuditPage'))
const RoundsPage = lazy(() => import('./pages/inspections/RoundsPage'))
const RoundPage = lazy(() => import('./pages/inspections/RoundPage'))
const TargetPage = lazy(() => import('./pages/inspections/TargetPage'))
const FindingsPage = lazy(() => import('./pages/inspections/FindingsPage'))
const FindingPage = lazy(() => import('./pages/inspections/FindingPage'))
const TaxonomyPage = lazy(() => import('./pages/inspections/TaxonomyPage'))
const MeasuresPage = lazy(() => import('./pages/rectification/MeasuresPage'))
const ExtensionsPage = lazy(() => import('./pages/rectification/ExtensionsPage'))
const CalendarPage = lazy(() => import('./pages/rectification/CalendarPage'))
const ReferralsPage = lazy(() => import('./pages/rectification/ReferralsPage'))
const CommonProblemsPage = lazy(() => import('./pages/rectification/CommonProblemsPage'))
const CommonProblemPage = lazy(() => import('./pages/rectification/CommonProblemPage'))
const SelfInspectionsPage = lazy(() => import('./pages/rectification/SelfInspectionsPage'))
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage'))
const TasksPage = lazy(() => import('./pages/tasks/TasksPage'))
const TaskPage = lazy(() => import('./pages/tasks/TaskPage'))
const MyTasksPage = lazy(() => import('./pages/tasks/MyTasksPage'))
const TaskReportsPage = lazy(() => import('./pages/tasks/ReportsPage'))
const CampaignsPage = lazy(() => import('./pages/tasks/CampaignsPage'))
const CampaignPage = lazy(() =>
  import('./pages/tasks/CampaignsPage').then((m) => ({ default: m.CampaignPage })),
)
const TaskNoticePage = lazy(() => import('./pages/tasks/NoticePage'))
const TaskScoresPage = lazy(() => import('./pages/tasks/ScoresPage'))
const MeetingsPage = lazy(() => import('./pages/meetings/MeetingsPage'))
const MeetingPage = lazy(() => import('./pages/meetings/MeetingPage'))
const CaseSearchPage = lazy(() => import('./pages/cases/SearchPage'))
const CasePage = lazy(() => import('./pages/cases/CasePage'))
const CaseManagePage = lazy(() => import('./pages/cases/ManagePage'))
const CaseBatchesPage = lazy(() => import('./pages/cases/BatchesPage'))
const CaseStatsPage = lazy(() => import('./pages/cases/StatsPage'))
const CaseCriteriaPage = lazy(() => import('./pages/cases/CriteriaPage'))
const CaseUnusedPage = lazy(() => import('./pages/cases/UnusedPage'))
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage'))
const RoundDashboardPage = lazy(() => import('./pages/dashboards/RoundDashboardPage'))
const LeaderDashboardPage = lazy(() => import('./pages/dashboards/LeaderDashboardPage'))
const UnitDashboardPage = lazy(() => import('./pages/dashboards/UnitDashboardPage'))
const ForbiddenPage = lazy(() => import('./pages/ErrorPages').then((m) => ({ default: m.ForbiddenPage })))
const NotFoundPage = lazy(() => import('./pages/ErrorPages').then((m) => ({ default: m.NotFoundPage })))

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      retry: (count, e) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2,
    },
  },
})

/** When any request answers 401, forget the session and go to the sign-in page. */
function UnauthorizedBridge() {
  const navigate = useNavigate()
  const qc = useQueryClient()
  useEffect(() => {
    setUnauthorizedHandler(() => {
      qc.setQueryData(ME_KEY, null)
      if (window.location.pathname !== '/login') {
        navigate('/login', {
          replace: true,
          state: { from: window.location.pathname + window.location.search },
        })
      }
    })
    return () => setUnauthorizedHandler(null)
  }, [navigate, qc])
  return null
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { data, isPending } = useMe()
  const location = useLocation()
  if (isPending) return <Loading />
  if (!data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />
  if (data.user.mustChangePassword && location.pathname !== '/account')
    return <Navigate to="/account" replace />
  return <>{children}</>
}

function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useAuth()
  return can(permission) ? <>{children}</> : <ForbiddenPage />
}

/** Pages that follow roles rather than one permission (共性问题, 自查任务); the server decides all the same. */
function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { hasRole } = useAuth()
  return hasRole(...roles) ? <>{children}</> : <ForbiddenPage />
}

function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <Shell />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="account" element={<AccountPage />} />
          <Route
            path="admin/units"
            element={
              <RequirePermission permission="unit.manage">
                <UnitsPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/departments"
            element={
              <RequirePermission permission="department.manage">
                <DepartmentsPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/users"
            element={
              <RequirePermission permission="user.manage">
                <UsersPage />
              </RequirePermission>
            }
          />
          <Route
            path="security/roles"
            element={
              <RequirePermission permission="role.grant">
                <RolesPage />
              </RequirePermission>
            }
          />
          <Route
            path="audit"
            element={
              <RequirePermission permission="audit.read">
                <AuditPage />
              </RequirePermission>
            }
          />
          <Route
            path="inspections/rounds"
            element={
              <RequirePermission permission="inspection.read">
                <RoundsPage />
              </RequirePermission>
            }
          />
          <Route
            path="inspections/rounds/:id"
            element={
              <RequirePermission permission="inspection.read">
                <RoundPage />
              </RequirePermission>
            }
          />
          <Route
            path="inspections/targets/:id"
            element={
              <RequirePermission permission="inspection.read">
                <TargetPage />
              </RequirePermission>
            }
          />
          <Route
            path="inspections/findings"
            element={
              <RequirePermission permission="inspection.read">
                <FindingsPage />
              </RequirePermission>
            }
          />
          <Route
            path="inspections/findings/:id"
            element={
              <RequirePermission permission="inspection.read">
                <FindingPage />
              </RequirePermission>
            }
          />
          <Route
            path="inspections/taxonomy"
            element={
              <RequirePermission permission="inspection.manage">
                <TaxonomyPage />
              </RequirePermission>
            }
          />
          <Route
            path="rectification/measures"
            element={
              <RequirePermission permission="inspection.read">
                <MeasuresPage />
              </RequirePermission>
            }
          />
          <Route
            path="rectification/extensions"
            element={
              <RequirePermission permission="inspection.read">
                <ExtensionsPage />
              </RequirePermission>
            }
          />
          <Route
            path="rectification/calendar"
            element={
              <RequirePermission permission="inspection.manage">
                <CalendarPage />
              </RequirePermission>
            }
          />
          <Route
            path="rectification/referrals"
            element={
              <RequirePermission permission="inspection.manage">
                <ReferralsPage />
              </RequirePermission>
            }
          />
          <Route
            path="rectification/common-problems"
            element={
              <RequireRole roles={COMMON_PROBLEM_ROLES}>
                <CommonProblemsPage />
              </RequireRole>
            }
          />
          <Route
            path="rectification/common-problems/:id"
            element={
              <RequireRole roles={COMMON_PROBLEM_ROLES}>
                <CommonProblemPage />
              </RequireRole>
            }
          />
          <Route
            path="rectification/self-inspections"
            element={
              <RequireRole roles={SELF_INSPECTION_ROLES}>
                <SelfInspectionsPage />
              </RequireRole>
            }
          />
          <Route
            path="tasks"
            element={
              <RequirePermission permission="task.read">
                <TasksPage />
              </RequirePermission>
            }
          />
          <Route
            path="tasks/mine"
            element={
              <RequirePermission permission="task.read">
                <MyTasksPage />
              </RequirePermission>
            }
          />
          <Route
            path="tasks/reports"
            element={
              <RequirePermission permission="task.read">
                <TaskReportsPage />
              </RequirePermission>
            }
          />
          <Route
            path="tasks/campaigns"
            element={
              <RequirePermission permission="task.read">
                <CampaignsPage />
              </RequirePermission>
            }
          />
          <Route
            path="tasks/campaigns/:id"
            element={
              <RequirePermission permission="task.read">
                <CampaignPage />
              </RequirePermission>
            }
          />
          <Route
            path="tasks/notices/:id"
            element={
              <RequirePermission permission="task.read">
                <TaskNoticePage />
              </RequirePermission>
            }
          />
          <Route
            path="tasks/scores"
            element={
              <RequirePermission permission="task.read">
                <TaskScoresPage />
              </RequirePermission>
            }
          />
          <Route
            path="tasks/:id"
            element={
              <RequirePermission permission="task.read">
                <TaskPage />
              </RequirePermission>
            }
          />
          <Route
            path="meetings"
            element={
              <RequirePermission permission="meeting.read">
                <MeetingsPage />
              </RequirePermission>
            }
          />
          <Route
            path="meetings/:id"
            element={
              <RequirePermission permission="meeting.read">
                <MeetingPage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/search"
            element={
              <RequirePermission permission="case.read">
                <CaseSearchPage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/manage"
            element={
              <RequirePermission permission="case.read">
                <CaseManagePage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/batches"
            element={
              <RequirePermission permission="case.review">
                <CaseBatchesPage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/stats"
            element={
              <RequirePermission permission="case.review">
                <CaseStatsPage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/criteria"
            element={
              <RequirePermission permission="case.review">
                <CaseCriteriaPage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/unused"
            element={
              <RequirePermission permission="case.read">
                <CaseUnusedPage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/:id"
            element={
              <RequirePermission permission="case.read">
                <CasePage />
              </RequirePermission>
            }
          />
          <Route
            path="reports"
            element={
              <RequireRole roles={[...REPORT_MENU_ROLES]}>
                <ReportsPage />
              </RequireRole>
            }
          />
          <Route
            path="dashboards/round"
            element={
              <RequireRole roles={['inspection_office', 'leader']}>
                <RoundDashboardPage />
              </RequireRole>
            }
          />
          <Route
            path="dashboards/leader"
            element={
              <RequireRole roles={['leader']}>
                <LeaderDashboardPage />
              </RequireRole>
            }
          />
          <Route
            path="dashboards/unit"
            element={
              <RequireRole roles={['unit_leader', 'unit_liaison']}>
                <UnitDashboardPage />
              </RequireRole>
            }
          />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="403" element={<ForbiddenPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  )
}

export function App() {
  const { i18n } = useTranslation()
  const english = i18n.language === 'en-US'
  useEffect(() => {
    document.documentElement.lang = english ? 'en' : 'zh-CN'
  }, [english])

  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <UnauthorizedBridge />
        <ErrorBoundary>
          <AppRoutes />
        </ErrorBoundary>
      </BrowserRouter>
    </QueryClientProvider>
  )
}
