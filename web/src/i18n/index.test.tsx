import { render, screen } from "@solidjs/testing-library";
import { Suspense } from "solid-js";
import { describe, expect, it, vi as mock } from "vitest";
import { defineArea, I18nProvider, loadLanguage, useI18n, useMessages } from ".";

const shared = defineArea({
  vi: { "topic.payments": "Thanh toán không dùng tiền mặt" },
  en: async () => ({ default: { "topic.payments": "Cashless payments" } }),
});

function Screen(props: { area: ReturnType<typeof makeArea>["area"] }) {
  const t = useMessages(props.area);
  const { setLanguage } = useI18n();
  return (
    <>
      <h1>{t("screen.title")}</h1>
      <p>{t("topic.payments")}</p>
      <p>{t("app.loading")}</p>
      <button type="button" onClick={() => void setLanguage("en")}>
        en
      </button>
    </>
  );
}

function makeArea(english: () => Promise<{ default: { "screen.title": string } }>) {
  const fetchEnglish = mock.fn(english);
  return { area: defineArea({ vi: { "screen.title": "Tiêu đề" }, en: fetchEnglish, shared }), fetchEnglish };
}

describe("areas", () => {
  it("shows Vietnamese at once without fetching English, and switches only once the English is here", async () => {
    const { area, fetchEnglish } = makeArea(async () => ({ default: { "screen.title": "Title" } }));
    render(() => (
      <I18nProvider>
        <Screen area={area} />
      </I18nProvider>
    ));
    expect(screen.getByRole("heading").textContent).toBe("Tiêu đề");
    expect(screen.getByText("Thanh toán không dùng tiền mặt")).toBeTruthy();
    expect(screen.getByText("Đang tải…")).toBeTruthy();
    expect(fetchEnglish).not.toHaveBeenCalled();

    screen.getByRole("button").click();
    expect(await screen.findByRole("heading", { name: "Title" })).toBeTruthy();
    expect(screen.getByText("Cashless payments")).toBeTruthy();
    expect(screen.getByText("Loading…")).toBeTruthy();
    expect(fetchEnglish).toHaveBeenCalledTimes(1);
  });

  it("waits inside <Suspense> for an area first opened in English, then shows it in English", async () => {
    const dictionary = await loadLanguage("en");
    let arrive: () => void = () => undefined;
    const { area } = makeArea(() => new Promise((resolve) => (arrive = () => resolve({ default: { "screen.title": "Title" } }))));
    render(() => (
      <I18nProvider language="en" dictionary={dictionary}>
        <Suspense fallback={<p>waiting</p>}>
          <Screen area={area} />
        </Suspense>
      </I18nProvider>
    ));
    expect(screen.getByText("waiting")).toBeTruthy();
    expect(screen.queryByText("Tiêu đề")).toBeNull();
    arrive();
    expect(await screen.findByRole("heading", { name: "Title" })).toBeTruthy();
  });

  it("stays in Vietnamese when the English cannot be fetched (offline before it was cached)", async () => {
    const dictionary = await loadLanguage("en");
    const { area } = makeArea(() => Promise.reject(new Error("offline")));
    render(() => (
      <I18nProvider language="en" dictionary={dictionary}>
        <Suspense fallback={<p>waiting</p>}>
          <Screen area={area} />
        </Suspense>
      </I18nProvider>
    ));
    expect(await screen.findByRole("heading", { name: "Tiêu đề" })).toBeTruthy();
  });
});
