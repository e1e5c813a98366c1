import type { Messages } from ".";
import type vi from "./home.vi";

export default {
  "home.title": "Home",
  "home.greeting": "Hello, {name}!",
  "home.role": "Role: {role}",
  "home.moreTitle": "On this phone",
  "home.downloads": "Downloaded lessons and data saving",
  "home.account": "Change password, sign out everywhere",
  "home.profiles": "Shared phone: add or switch person",
  "home.profilesCount": "Shared phone: {count} other people saved on this phone",
  "home.signOutWaiting": "{count} items have not been sent yet. If you sign out they stay on this phone and are sent when you sign in again.",
  "home.signOut": "Sign out",
} satisfies Messages<typeof vi>;
