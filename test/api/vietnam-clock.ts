import { vietnamDay } from "../../packages/core/src/model";

/** Today in Vietnam, and a clock the reminder tests move by whole days from it, at a Vietnam hour. */
export function vietnamClock(now = new Date()) {
  const today = vietnamDay(now);
  /** A time on a day counted from today, in Vietnam. */
  const at = (dayOffset: number, hour: number, minute = 0) => {
    const day = vietnamDay(new Date(Date.parse(`${today}T12:00:00+07:00`) + dayOffset * 86_400_000));
    return new Date(`${day}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+07:00`);
  };
  /** The Vietnam day `days` from today. */
  const inDays = (days: number) => vietnamDay(at(days, 12));
  return { today, at, inDays };
}
