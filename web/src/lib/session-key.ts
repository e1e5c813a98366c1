/** Where the signed-in session is kept in localStorage (./session.tsx); the build's boot script reads it too. */
export const SESSION_KEY = "kns.session";
