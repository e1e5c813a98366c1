import { CODE_ALPHABET, checkCharacter } from "@kns/core/model";
import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { toBase64Url } from "../../features/base64url";
import { canonicalMessage, type SignedFacts } from "../../features/certificates/signature";
import { fakeFetch, renderApp } from "../../testing/render-app";

const ALPHABET = CODE_ALPHABET;
const withCheck = (body: string) => body + checkCharacter(body);
const CODE = withCheck("7K3MQ9XA2");
const facts: SignedFacts = { n: "Lò Thị Hương", c: "cyber-safety", t: "An toàn trên không gian mạng", v: 1, i: "2026-05-01T08:00:00.000Z" };
const verification = {
  valid: true,
  status: "valid",
  code: CODE,
  holderName: "Lò T. H***",
  courseTitle: facts.t,
  courseId: facts.c,
  version: 1,
  issuedAt: facts.i,
  unitName: "Tổ CNSCĐ bản Bó",
  line: 1,
};

async function signedLink(change: Partial<SignedFacts> = {}) {
  const keys = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, keys.privateKey, new TextEncoder().encode(canonicalMessage(CODE, facts))));
  const publicKey = toBase64Url(new Uint8Array(await crypto.subtle.exportKey("raw", keys.publicKey)));
  const data = toBase64Url(new TextEncoder().encode(JSON.stringify({ ...facts, ...change })));
  return { path: `/verify/${CODE}?d=${data}&s=${toBase64Url(signature)}`, publicKey };
}

describe("certificate check", () => {
  beforeEach(() => {
    // The signing key is fetched outside the API client; these tests run as if offline for it.
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the server's answer and checks the QR code's signature on the phone", async () => {
    const { path, publicKey } = await signedLink();
    localStorage.setItem("kns.verifyKey", publicKey);
    const fetch = fakeFetch({ status: 200, body: verification });
    renderApp(path, fetch);

    expect(await screen.findByText("Chứng nhận hợp lệ")).toBeTruthy();
    expect(screen.getByText("Lò T. H***")).toBeTruthy();
    expect(screen.getByText("Tổ CNSCĐ bản Bó")).toBeTruthy();
    expect(await screen.findByText("Chữ ký hợp lệ")).toBeTruthy();
    expect(screen.getByText("Lò Thị Hương")).toBeTruthy();
    expect(fetch.mock.calls[0]?.[0]).toBe(`/api/v1/verify/${CODE}`);
    expect(screen.getByText(`Mã: ${CODE.slice(0, 4)}-${CODE.slice(4, 8)}-${CODE.slice(8)}`)).toBeTruthy();
  });

  it("still says the signature is valid when the lookup cannot reach the server", async () => {
    const { path, publicKey } = await signedLink();
    localStorage.setItem("kns.verifyKey", publicKey);
    renderApp(
      path,
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );

    expect(await screen.findByText("Chữ ký hợp lệ")).toBeTruthy();
    expect(await screen.findByText("Chưa tra cứu được với máy chủ (không có mạng hoặc mạng yếu).")).toBeTruthy();
  });

  it("says the signature is invalid when the facts in the link were changed", async () => {
    const { path, publicKey } = await signedLink({ n: "Nguyễn Văn Giả" });
    localStorage.setItem("kns.verifyKey", publicKey);
    renderApp(path, fakeFetch({ status: 200, body: verification }));

    expect(await screen.findByText("Chữ ký không hợp lệ")).toBeTruthy();
    expect(screen.queryByText("Chữ ký hợp lệ")).toBeNull();
  });

  it("reports a revoked certificate and an unknown code", async () => {
    const revoked = { ...verification, valid: false, status: "revoked", revokedAt: "2026-06-01T00:00:00.000Z", revokedReason: "Cấp nhầm người" };
    const first = renderApp(`/verify/${CODE}`, fakeFetch({ status: 200, body: revoked }));
    expect(await screen.findByText("Chứng nhận đã bị thu hồi")).toBeTruthy();
    expect(screen.getByText("Lý do: Cấp nhầm người")).toBeTruthy();
    first.unmount();

    renderApp(
      `/verify/${CODE}`,
      fakeFetch({ status: 404, body: { valid: false, error: { code: "certificate.not_found", message: "No certificate has this code." } } }),
    );
    expect(await screen.findByText("Không tìm thấy chứng nhận có mã này. Hãy xem lại mã trên giấy.")).toBeTruthy();
  });

  it("checks the code's format and check character before looking it up", async () => {
    const fetch = fakeFetch({ status: 200, body: verification });
    const { history } = renderApp("/verify", fetch);
    const input = await screen.findByLabelText("Mã chứng nhận");
    const submit = () => fireEvent.submit(input.closest("form")!);

    (input as HTMLInputElement).value = "7K3M-Q9";
    submit();
    expect(await screen.findByText(/có đúng 10 ký tự/)).toBeTruthy();

    const typo = CODE.slice(0, 9) + ALPHABET[(ALPHABET.indexOf(CODE[9]!) + 1) % ALPHABET.length];
    (input as HTMLInputElement).value = typo;
    submit();
    expect(await screen.findByText(/một ký tự bị gõ sai/)).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();

    (input as HTMLInputElement).value = `${CODE.slice(0, 4).toLowerCase()}-${CODE.slice(4, 8)} ${CODE.slice(8)}`;
    submit();
    await waitFor(() => expect(history.get()).toBe(`/verify/${CODE}`));
    expect(await screen.findByText("Chứng nhận hợp lệ")).toBeTruthy();
  });
});
