import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { setBearer, type AsOf } from './api/client';
import { translate, type Lang, type MessageKey } from './i18n';

export type Role = 'admin' | 'finance' | 'planner' | 'auditor' | 'hospital';

export interface Principal {
  actor: string;
  role: Role;
  token: string;
}

interface SessionValue {
  principal: Principal | undefined;
  signIn: (token: string) => string | undefined;
  signOut: () => void;
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey) => string;
  asOf: AsOf | undefined;
  setAsOf: (asOf: AsOf | undefined) => void;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);
const TOKEN_KEY = 'ledger-console-token';
const LANG_KEY = 'ledger-console-lang';

/**
 * The token's claims, read only to show who is signed in and which actions to offer. The API verifies the
 * signature and enforces the role on every request: nothing here is a security decision.
 */
export function principalOf(token: string): Principal | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown; role?: unknown };
    const roles: readonly string[] = ['admin', 'finance', 'planner', 'auditor', 'hospital'];
    if (typeof claims.sub !== 'string' || typeof claims.role !== 'string' || !roles.includes(claims.role)) return undefined;
    return { actor: claims.sub, role: claims.role as Role, token };
  } catch {
    return undefined;
  }
}

function storedPrincipal(): Principal | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const principal = token ? principalOf(token) : undefined;
  setBearer(principal?.token);
  return principal;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [principal, setPrincipal] = useState<Principal | undefined>(storedPrincipal);
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'));
  const [asOf, setAsOf] = useState<AsOf | undefined>(undefined);
  const signIn = useCallback((token: string) => {
    const next = principalOf(token.trim());
    if (!next) return 'not a ledger token (a JWT with sub and role)';
    sessionStorage.setItem(TOKEN_KEY, next.token);
    setBearer(next.token);
    setPrincipal(next);
    return undefined;
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    setBearer(undefined);
    setPrincipal(undefined);
  }, []);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<SessionValue>(
    () => ({ principal, signIn, signOut, lang, setLang, t: (key) => translate(lang, key), asOf, setAsOf }),
    [principal, signIn, signOut, lang, setLang, asOf],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Who may see which write actions (the API enforces the same: admin everything, auditor nothing). */
export function canWrite(principal: Principal | undefined, area: 'money' | 'planning'): boolean {
  if (!principal) return false;
  if (principal.role === 'admin') return true;
  return area === 'money' ? principal.role === 'finance' : principal.role === 'planner';
}

/** The asOf query parameter for read models, or nothing when live. */
export function asOfQuery(asOf: AsOf | undefined): { asOf?: string } {
  return asOf ? { asOf: asOf.value } : {};
}
