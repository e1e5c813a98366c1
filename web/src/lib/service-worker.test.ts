import { afterEach, describe, expect, it, vi } from "vitest";
import { registerServiceWorker } from "./service-worker";

const register = vi.fn(async () => ({}) as ServiceWorkerRegistration);

afterEach(() => {
  register.mockClear();
  vi.restoreAllMocks();
  // The web project's files share one jsdom (web/vitest.config.ts): leave navigator as jsdom made it.
  Reflect.deleteProperty(navigator, "serviceWorker");
});

describe("registering the service worker", () => {
  it("waits for the page's load and for the API to have nothing a screen waits for, then registers once", async () => {
    Object.defineProperty(navigator, "serviceWorker", { value: { register }, configurable: true });
    let readyState: DocumentReadyState = "interactive";
    vi.spyOn(document, "readyState", "get").mockImplementation(() => readyState);
    let idle: () => void = () => undefined;
    const api = { idle: vi.fn(() => new Promise<void>((resolve) => (idle = resolve))) };

    const done = registerServiceWorker(api);
    await new Promise((resolve) => setTimeout(resolve));
    expect(api.idle).not.toHaveBeenCalled();

    readyState = "complete";
    dispatchEvent(new Event("load"));
    await new Promise((resolve) => setTimeout(resolve));
    expect(api.idle).toHaveBeenCalledTimes(1);
    expect(register).not.toHaveBeenCalled();

    idle();
    await done;
    expect(register).toHaveBeenCalledTimes(1);
    expect(register).toHaveBeenCalledWith("/sw.js", { scope: "/" });
  });

  it("registers at once on a page already loaded and idle, and a refusal leaves the app as it is", async () => {
    const refusing = vi.fn(async () => {
      throw new DOMException("denied", "SecurityError");
    });
    Object.defineProperty(navigator, "serviceWorker", { value: { register: refusing }, configurable: true });
    vi.spyOn(document, "readyState", "get").mockReturnValue("complete");
    await expect(registerServiceWorker({ idle: async () => undefined })).resolves.toBeUndefined();
    expect(refusing).toHaveBeenCalledTimes(1);
  });
});
