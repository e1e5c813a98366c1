import { createContext, createSignal, onCleanup, useContext, type ParentProps } from "solid-js";
import type { RegisterRequest } from "@kns/core/model";
import { createApiClient, type ApiClient, type SessionResponse, type TokenStore, type User } from "./api";
import { SESSION_KEY } from "./session-key";
import { readStorage, writeStorage } from "./storage";

/** Shared phones: the other people signed in on this device (see features/profiles). */
export const PROFILES_KEY = "kns.profiles";

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export interface Session {
  /** The signed-in person, or undefined when nobody is signed in. */
  user(): User | undefined;
  api: ApiClient;
  signIn(phone: string, password: string): Promise<void>;
  register(input: RegisterRequest): Promise<void>;
  /** Works offline: the device forgets the session at once; telling the server is best effort. */
  signOut(): Promise<void>;
  /** Re-reads the user from the server (roles or name may have changed); keeps the stored one when offline. */
  reloadUser(): Promise<void>;
  /** The signed-in person's tokens, so a shared phone can put this profile aside and come back to it. */
  stored(): StoredSession | undefined;
  /** Makes another profile's session the current one (or none) on this device, without telling the server. */
  adopt(next: StoredSession | undefined): void;
}

function parse(raw: string | null): StoredSession | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof value.accessToken === "string" && typeof value.refreshToken === "string" && value.user?.id) return value as StoredSession;
  } catch {
    // A damaged entry means "signed out".
  }
  return undefined;
}

/**
 * The session lives in localStorage so a person stays signed in across visits and without network. Phones are
 * often shared in a family or team, which is why signing out is prominent and forgets everything at once.
 */
export function createSession(options: { fetch?: typeof fetch } = {}): Session & { dispose(): void } {
  const [state, setState] = createSignal<StoredSession | undefined>(parse(readStorage(SESSION_KEY)));

  const store = (next: StoredSession | undefined) => {
    setState(next);
    writeStorage(SESSION_KEY, next ? JSON.stringify(next) : null);
  };

  const tokens: TokenStore = {
    current: () => state(),
    save: ({ accessToken, refreshToken, user }) => store({ accessToken, refreshToken, user }),
    clear: () => store(undefined),
  };
  const api = createApiClient({ tokens, fetch: options.fetch });

  // Another tab signed in or out.
  const onStorage = (event: StorageEvent) => {
    if (event.key === SESSION_KEY) setState(parse(event.newValue));
  };
  window.addEventListener("storage", onStorage);

  return {
    user: () => state()?.user,
    api,
    async signIn(phone, password) {
      tokens.save(await api.request<SessionResponse>("/auth/login", { body: { phone, password }, auth: false }));
    },
    async register(input) {
      tokens.save(await api.request<SessionResponse>("/auth/register", { body: input, auth: false }));
    },
    async signOut() {
      const refreshToken = state()?.refreshToken;
      tokens.clear();
      if (refreshToken) await api.request("/auth/logout", { body: { refreshToken }, auth: false }).catch(() => undefined);
    },
    async reloadUser() {
      if (!state()) return;
      const user = await api.request<User>("/me");
      const latest = state();
      if (latest) store({ ...latest, user });
    },
    stored: () => state(),
    adopt: (next) => store(next),
    dispose: () => window.removeEventListener("storage", onStorage),
  };
}

/** How many other people have a profile on this device, for the sign-in screen's "switch person" link. */
export function otherProfileCount(): number {
  try {
    const profiles = JSON.parse(readStorage(PROFILES_KEY) ?? "{}") as Record<string, { tokens?: unknown }>;
    const active = parse(readStorage(SESSION_KEY))?.user.id;
    return Object.entries(profiles).filter(([id, profile]) => id !== active && profile?.tokens).length;
  } catch {
    return 0;
  }
}

const SessionContext = createContext<Session>();

export function SessionProvider(props: ParentProps<{ session?: Session }>) {
  // Read once: a test may hand in its own session; the app makes the real one.
  const own = props.session ? undefined : createSession();
  if (own) onCleanup(own.dispose);
  return <SessionContext.Provider value={props.session ?? own}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <SessionProvider>");
  return session;
}
