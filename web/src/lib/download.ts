import type { Session } from "./session";

/** The server answered, but not with the file (a network failure is fetch's own TypeError). */
export class DownloadFailed extends Error {
  constructor(readonly status: number) {
    super(`download failed: ${status}`);
  }
}

/**
 * A file the API serves only with the session's token (a certificate, a join code sheet, a report): a link cannot
 * carry the token, so the file is fetched here and then handed over with saveFile.
 */
export async function fetchFile(session: Session, path: string, accept: string): Promise<Blob> {
  const get = () => fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${session.stored()?.accessToken ?? ""}`, accept } });
  let response = await get();
  if (response.status === 401) {
    // The access token expired: any signed-in request refreshes it (one shared refresh), then try again.
    await session.api.request("/me");
    response = await get();
  }
  if (!response.ok) throw new DownloadFailed(response.status);
  return response.blob();
}

/** Hands a fetched file to the phone or browser as a download under `name`. */
export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
