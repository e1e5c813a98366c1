export * as User from "./index";
export { CONSENT_POLICY_VERSION, CreateInput, FullName, Info, RegisterInput, Role, type CreateInputShape } from "./schema";
export { activeCheck, countsAsMember, get, idByPhone } from "./store";
export { authenticate, ensure, register, type Helper } from "./account";
export { listForUnit, search, setActive, updateProfile } from "./membership";
export { changePassword, issueActivationCode, issueResetCode, setPasswordWithCode } from "./credentials";
export { exportData, deleteAccount, DeleteInput } from "./privacy";
export { sessionState, forSession, forgetSessionState, endSessions, SESSION_CHECK_MS, type SessionState } from "./session";
export { issueCode, checkCode, CODE_PATTERN, MAX_WRONG_TRIES, type CodePurpose, type IssuedCode } from "./one-time-code";
