import type { Dictionary } from "./vi";

/** English for the shell, loaded only when someone switches to it. Same keys as vi.ts (the type checks both ways). */
export const en: Dictionary = {
  "app.name": "Kỹ Năng Số",
  "app.home": "Kỹ Năng Số, go to the home page",
  "app.offline": "You are offline. Signing in and registering need the network.",
  "app.offlineLearner":
    "You are offline. You can still learn what you downloaded; lessons finished and quizzes taken are kept on this phone and sent when there is network.",
  "app.offlineStaff": "You are offline. New figures and saving changes need the network.",
  "app.loading": "Loading…",
  "app.pageTitle": "{page} – Kỹ Năng Số",

  "nav.trainer": "Course authoring",
  "nav.admin": "Manage",
  "nav.learn": "Learner view",
  "nav.workLabel": "Work areas",
  "language.switch": "Tiếng Việt",
  "language.switchLang": "vi",
  "language.switchLabel": "Chuyển sang tiếng Việt",

  "field.phone": "Phone number",
  "field.phoneHint": "Mobile number, for example 0912 345 678",
  "field.password": "Password",
  "field.showPassword": "Show password",

  "validation.phoneRequired": "Enter your phone number.",
  "validation.phone": "This phone number is not right. Enter a Vietnamese mobile number, for example 0912 345 678.",
  "validation.passwordRequired": "Enter your password.",
  "validation.fixFields": "Please correct the fields marked below.",

  "error.invalidCredentials": "The phone number or password is not correct.",
  "error.phoneTaken": "This phone number already has an account. Please sign in.",
  "error.joinCodeInvalid": "This team code is not valid. Ask your team leader for the current code.",
  "error.rateLimited": "Too many attempts. Please wait a while and try again.",
  "error.rateLimitedMinutes": "Too many attempts. Please wait {minutes} minutes and try again.",
  "error.accountInactive": "This account is locked. Please contact your team leader.",
  "error.activationRequired": "An administrator has already created an account for this phone number. Ask for an activation code, then activate the account.",
  "error.passwordCommon": "This password is too common: others could guess it. Please choose another one.",
  "error.sessionExpired": "Your session has ended. Please sign in again.",
  "error.serverBusy": "The server is busy. Please try again in a few minutes.",
  "error.wrongPassword": "The current password is not correct.",
  "error.codeInvalid": "This code is not valid or has expired. Ask your admin for a new one.",
  "error.network": "Cannot connect. Check your network (3G/4G or Wi-Fi) and try again.",

  "signIn.title": "Sign in",
  "signIn.intro": "Use your phone number and password.",
  "signIn.submit": "Sign in",
  "signIn.submitting": "Signing in…",
  "signIn.noAccount": "No account yet?",
  "signIn.toRegister": "Register",
  "signIn.forgot": "Forgot your password? Use a code from your admin",
  "signIn.activate": "Got an activation code? Activate your account",
  "signIn.otherProfiles": "Choose someone saved on this phone ({count})",
};
