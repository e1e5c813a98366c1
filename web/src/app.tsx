import { Navigate, useLocation, useSearchParams, type RouteDefinition, type RouteSectionProps } from "@solidjs/router";
import { createEffect, lazy, on, Show, Suspense } from "solid-js";
import { TopBar } from "./components/top-bar";
import { dropStoredLesson } from "./features/offline/stored-lesson";
import { useI18n } from "./i18n";
import { staffHome } from "./lib/roles";
import { useSession } from "./lib/session";
import { adminRoutes, resetRoutes } from "./routes/admin/routes";
import { pathPattern } from "./routes/learn/paths";
import { learnRoutes, publicRoutes } from "./routes/learn/routes";
import { trainerRoutes } from "./routes/trainer/routes";

/** Each screen is its own chunk: the first visit downloads the shell and the sign-in screen only. */
const SignIn = lazy(() => import("./routes/sign-in"));
const Register = lazy(() => import("./routes/register"));
const Home = lazy(() => import("./routes/home"));
const Privacy = lazy(() => import("./routes/privacy"));

/** Only same-app paths, so a crafted `?next=` link cannot send someone to another site after signing in. */
function safeNext(next: string | undefined) {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in") ? next : "/";
}

function RequireSession(props: RouteSectionProps) {
  const session = useSession();
  const location = useLocation();
  const signInHref = () => {
    const here = location.pathname + location.search;
    return here === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(here)}`;
  };
  return (
    <Show when={session.user()} fallback={<Navigate href={signInHref()} />}>
      {props.children}
    </Show>
  );
}

/** Sign-in and registration step aside once someone is signed in: that is also how a successful sign-in moves on. */
function GuestOnly(props: RouteSectionProps) {
  const session = useSession();
  const [params] = useSearchParams<{ next?: string }>();
  return (
    <Show when={!session.user()} fallback={<Navigate href={safeNext(params.next)} />}>
      {props.children}
    </Show>
  );
}

/**
 * `/`: a member's course catalogue; staff land on their own work instead (a trainer on authoring, an admin or
 * team leader on their unit), and find the catalogue at `/learn` ("learner view" in the top bar).
 */
function Start() {
  const session = useSession();
  return (
    <Show when={staffHome(session.user())} fallback={<Home />}>
      {(home) => <Navigate href={home()} />}
    </Show>
  );
}

/** The learner's signed-in screens (the staff areas have their own route tables). */
const learnerScreens: RouteDefinition[] = [
  { path: "/", component: Object.assign(Start, { preload: Home.preload }) },
  { path: "/learn", component: Home },
  // "Help a neighbour": a team member registers a resident on their own phone.
  { path: "/register-neighbour", component: lazy(() => import("./routes/register-neighbour")) },
  ...learnRoutes,
];

export const routes: RouteDefinition[] = [
  { path: "/", component: RequireSession, children: [...learnerScreens, ...adminRoutes, ...trainerRoutes] },
  {
    path: "/",
    component: GuestOnly,
    children: [
      { path: "/sign-in", component: SignIn },
      { path: "/register", component: Register },
    ],
  },
  { path: "/privacy", component: Privacy },
  ...publicRoutes,
  ...resetRoutes,
  { path: "*", component: () => <Navigate href="/" /> },
];

/**
 * Starts downloading the code of the learner screen at `path` now, and tells whether there was one. Left to
 * the router, a lazy screen asks for its chunks (a lesson: 9 JS, 2 CSS) only once it renders, after the main
 * bundle has run and painted the frame around it. Only for someone signed in (the caller checks): a guest
 * gets the sign-in screen, whose chunks index.html already hints. Paths here have `:params` only.
 */
export function preloadScreen(path: string): boolean {
  const screen = learnerScreens.find((route) => new RegExp(pathPattern(String(route.path))).test(path));
  const preload = (screen?.component as { preload?: () => unknown } | undefined)?.preload;
  preload?.();
  return Boolean(preload);
}

export function Layout(props: RouteSectionProps) {
  const { t } = useI18n();
  // The stored lesson the boot script may have shown stays only while the app opens that lesson.
  const location = useLocation();
  createEffect(on(() => location.pathname, dropStoredLesson, { defer: true }));
  return (
    <>
      <TopBar />
      <main id="main" class="main">
        <Suspense fallback={<p class="loading">{t("app.loading")}</p>}>{props.children}</Suspense>
      </main>
    </>
  );
}
