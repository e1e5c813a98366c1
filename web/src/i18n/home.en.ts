import type { Messages } from ".";
import type vi from "./home.vi";

export default {
  "home.title": "Home",
  "home.greeting": "Hello, {name}!",
  "home.role": "Role: {role}",
  "home.moreTitle": "On this phone",
  "home.assignedTitle": "Assigned to you",
  "home.assignedDue": "Due {date} · {days} days left",
  "home.assignedToday": "Due today",
  "home.assignedOverdue": "Overdue since {date}",
  "home.assignedDone": "Done ✓",
  "home.assignedBy": "Campaign: {campaign}",
  "home.fieldWork": "Record help given",
  "home.fieldWorkNote": "Helping residents: a few taps, no network needed",
  "home.registerNeighbour": "Register a resident",
  "home.registerNeighbourNote": "Help a resident create a learning account on your phone",
  "home.downloads": "Downloaded lessons and data saving",
  "home.account": "Change password, sign out everywhere",
  "home.profiles": "Shared phone: add or switch person",
  "home.profilesCount": "Shared phone: {count} other people saved on this phone",
} satisfies Messages<typeof vi>;
