import { fireEvent, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../../i18n";
import type { Region } from "../model";
import { RegionDrawer, type DrawnRegion } from "./region-drawer";

/** The image is 720 × 1280 but shown at 360 × 640, 10 px from the left and 20 px from the top of the page. */
function setup(onDraw = vi.fn<(region: Region) => void>(), regions: DrawnRegion[] = []) {
  render(() => (
    <I18nProvider>
      <RegionDrawer src="/api/v1/media/sms.webp" alt="Tin nhắn giả ngân hàng" width={720} height={1280} regions={regions} onDraw={onDraw} />
    </I18nProvider>
  ));
  const surface = screen.getByTestId("region-surface");
  surface.getBoundingClientRect = () => ({ left: 10, top: 20, width: 360, height: 640, right: 370, bottom: 660, x: 10, y: 20, toJSON: () => ({}) });
  return { surface, onDraw };
}

const at = (x: number, y: number, pointerId = 1) => ({ clientX: x, clientY: y, pointerId, button: 0, bubbles: true });

describe("RegionDrawer", () => {
  it("turns a pointer drag into a region in the image's own pixels", () => {
    const { surface, onDraw } = setup();
    fireEvent.pointerDown(surface, at(10 + 50, 20 + 100));
    fireEvent.pointerMove(surface, at(10 + 120, 20 + 150));
    fireEvent.pointerUp(surface, at(10 + 150, 20 + 200));
    expect(onDraw).toHaveBeenCalledTimes(1);
    expect(onDraw).toHaveBeenCalledWith({ x: 100, y: 200, w: 200, h: 200 });
  });

  it("accepts a drag in any direction and clamps it to the image", () => {
    const { surface, onDraw } = setup();
    fireEvent.pointerDown(surface, at(10 + 300, 20 + 600, 7));
    fireEvent.pointerUp(surface, at(10 + 400, 20 + 500, 7));
    expect(onDraw).toHaveBeenCalledWith({ x: 600, y: 1000, w: 120, h: 200 });
  });

  it("ignores a tap, a cancelled drag and another finger", () => {
    const { surface, onDraw } = setup();
    fireEvent.pointerDown(surface, at(100, 100));
    fireEvent.pointerUp(surface, at(103, 102));
    fireEvent.pointerDown(surface, at(100, 100));
    fireEvent.pointerCancel(surface, at(200, 200));
    fireEvent.pointerUp(surface, at(200, 200));
    fireEvent.pointerDown(surface, at(100, 100, 1));
    fireEvent.pointerUp(surface, at(200, 200, 2));
    expect(onDraw).not.toHaveBeenCalled();
  });

  it("draws the regions it is given where they are on the image, numbered and named", () => {
    const [regions] = createSignal<DrawnRegion[]>([
      { id: "sender", label: "Tên người gửi", region: { x: 0, y: 0, w: 720, h: 128 }, correct: false },
      { id: "link", label: "Đường dẫn", region: { x: 72, y: 640, w: 360, h: 64 }, correct: true },
    ]);
    setup(undefined, regions());
    const link = screen.getByRole("button", { name: "Vùng 2: Đường dẫn" });
    expect(link.style.left).toBe("10%");
    expect(link.style.top).toBe("50%");
    expect(link.style.width).toBe("50%");
    expect(link.style.height).toBe("5%");
    expect(link.classList.contains("t-regions__box--correct")).toBe(true);
    expect(screen.getByRole("button", { name: "Vùng 1: Tên người gửi" }).classList.contains("t-regions__box--correct")).toBe(false);
  });
});
