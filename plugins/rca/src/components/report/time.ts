/** `HH:MM` (UTC) of an ISO time. */
export const hhmm = (iso: string) => iso.slice(11, 16);

/** `YYYY-MM-DD HH:MM–HH:MM UTC`, the date repeated only when the window spans two days. */
export function windowLabel(window: { from: string; to: string }): string {
  const sameDay = window.from.slice(0, 10) === window.to.slice(0, 10);
  return `${window.from.slice(0, 10)} ${hhmm(window.from)}–${
    sameDay ? '' : `${window.to.slice(0, 10)} `
  }${hhmm(window.to)} UTC`;
}
