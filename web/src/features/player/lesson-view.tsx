import type { LearnerLesson, LearnerMedia } from "@kns/core/model";
import { createEffect, createSignal, ErrorBoundary, For, lazy, Match, on, onCleanup, onMount, Show, Suspense, Switch } from "solid-js";
import { useI18n, useMessages } from "../../i18n";
import { shortDate } from "../../lib/format";
import type { ScenarioPlay } from "../simulator/scenario-player";
import { playerMessages } from "./messages";
import "./player.css";

/** The scam simulator is a chunk of its own, fetched when a scenario lesson opens (the service worker precaches it). */
const ScenarioPlayer = lazy(() => import("../simulator/scenario-player"));

interface LessonViewProps {
  lesson: LearnerLesson;
  /**
   * Called once when the learner reaches the end of the lesson: scrolled down to it (after a few seconds on
   * the page), saw the last slide, or played the video or audio to the end.
   */
  onReachedEnd?: () => void;
  /**
   * A scenario lesson is completed by playing it, not by reaching its end: called once per play that reached an
   * ending, with the path the server will replay. A safe ending completes the lesson, a scammed one does not.
   */
  onPlayed?: (play: ScenarioPlay) => void;
}

/** How long a text lesson must be open before reaching its end counts as having read it. */
const MIN_READ_MS = 3_000;

/** Server-sanitised HTML (markdown rendered and cleaned on publish): the one place the app sets innerHTML. */
function Html(props: { html?: string }) {
  return (
    <Show when={props.html}>
      <div class="lesson__html" innerHTML={props.html} />
    </Show>
  );
}

/** An image with its own width and height, so the page does not jump when it arrives on a slow network. */
export function MediaImage(props: { media: LearnerMedia; class?: string; eager?: boolean }) {
  return (
    <img
      class={props.class ?? "media-image"}
      src={props.media.url}
      alt={props.media.alt ?? ""}
      width={props.media.width}
      height={props.media.height}
      loading={props.eager ? "eager" : "lazy"}
      decoding="async"
    />
  );
}

function Figure(props: { media: LearnerMedia }) {
  return (
    <figure class="lesson__figure">
      <MediaImage media={props.media} eager />
      <Show when={props.media.caption}>
        <figcaption>{props.media.caption}</figcaption>
      </Show>
    </figure>
  );
}

function Slides(props: { slides: LearnerMedia[]; onLast?: () => void }) {
  const t = useMessages(playerMessages);
  const [index, setIndex] = createSignal(0);
  const total = () => props.slides.length;
  const current = () => props.slides[index()];
  const go = (next: number) => setIndex(Math.max(0, Math.min(total() - 1, next)));

  createEffect(
    on(index, (i) => {
      if (i === total() - 1) props.onLast?.();
      // Fetch the next slide while this one is read, so swiping on 3G does not show a blank page.
      const next = props.slides[i + 1];
      if (next && typeof Image !== "undefined") new Image().src = next.url;
    }),
  );

  let startX = 0;
  let startY = 0;
  const onTouchStart = (event: TouchEvent) => {
    const touch = event.changedTouches[0];
    if (!touch) return;
    startX = touch.clientX;
    startY = touch.clientY;
  };
  const onTouchEnd = (event: TouchEvent) => {
    const touch = event.changedTouches[0];
    if (!touch) return;
    const dx = touch.clientX - startX;
    const dy = touch.clientY - startY;
    if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy) * 1.5) go(index() + (dx < 0 ? 1 : -1));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowRight") go(index() + 1);
    else if (event.key === "ArrowLeft") go(index() - 1);
    else return;
    event.preventDefault();
  };

  return (
    <section class="slides" aria-roledescription="carousel" aria-label={t("player.slides")} onKeyDown={onKeyDown}>
      <p class="visually-hidden">{t("player.swipeHint")}</p>
      <Show when={current()}>
        {(slide) => (
          <figure
            class="slides__slide"
            role="group"
            aria-roledescription="slide"
            aria-label={t("player.slideLabel", { n: index() + 1, total: total() })}
            onTouchStart={onTouchStart}
            onTouchEnd={onTouchEnd}
          >
            <MediaImage media={slide()} class="slides__image" eager />
            <Show when={slide().caption}>
              <figcaption>{slide().caption}</figcaption>
            </Show>
          </figure>
        )}
      </Show>
      <div class="slides__controls">
        <button type="button" class="slides__button" aria-label={t("player.prevSlide")} disabled={index() === 0} onClick={() => go(index() - 1)}>
          <span aria-hidden="true">‹</span>
        </button>
        <p class="slides__count" aria-live="polite" aria-atomic="true">
          <span aria-hidden="true">{t("player.slideCount", { n: index() + 1, total: total() })}</span>
          <span class="visually-hidden">{t("player.slideLabel", { n: index() + 1, total: total() })}</span>
        </p>
        <button type="button" class="slides__button" aria-label={t("player.nextSlide")} disabled={index() >= total() - 1} onClick={() => go(index() + 1)}>
          <span aria-hidden="true">›</span>
        </button>
      </div>
    </section>
  );
}

/** Fires `onReached` when the marker has been on screen, once the page has been open long enough to read. */
function EndMarker(props: { onReached: () => void }) {
  let marker!: HTMLDivElement;
  onMount(() => {
    if (typeof IntersectionObserver === "undefined") return;
    const openedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new IntersectionObserver((entries) => {
      clearTimeout(timer);
      if (!entries.some((entry) => entry.isIntersecting)) return;
      const wait = MIN_READ_MS - (Date.now() - openedAt);
      if (wait <= 0) props.onReached();
      else timer = setTimeout(props.onReached, wait);
    });
    observer.observe(marker);
    onCleanup(() => {
      clearTimeout(timer);
      observer.disconnect();
    });
  });
  return <div ref={marker} class="lesson__end" aria-hidden="true" />;
}

/**
 * One lesson of any kind, from data only (no routing, no session): the learner app and the trainer's
 * preview both render it.
 */
export function LessonView(props: LessonViewProps) {
  const t = useMessages(playerMessages);
  let reached = false;
  const reachEnd = () => {
    if (reached) return;
    reached = true;
    props.onReachedEnd?.();
  };
  createEffect(
    on(
      () => props.lesson.id,
      () => {
        reached = false;
      },
    ),
  );

  return (
    <div class={`lesson lesson--${props.lesson.kind}`}>
      <Switch>
        <Match when={props.lesson.kind === "text"}>
          <Html html={props.lesson.html} />
          <EndMarker onReached={reachEnd} />
        </Match>
        <Match when={props.lesson.kind === "image" && props.lesson.image}>
          {(image) => (
            <>
              <Figure media={image()} />
              <Html html={props.lesson.html} />
              <EndMarker onReached={reachEnd} />
            </>
          )}
        </Match>
        <Match when={props.lesson.kind === "slides" && props.lesson.slides}>{(slides) => <Slides slides={slides()} onLast={reachEnd} />}</Match>
        <Match when={props.lesson.kind === "video" && props.lesson.video}>
          {(video) => (
            <>
              <video
                class="lesson__video"
                controls
                preload="none"
                playsinline
                poster={video().poster?.url}
                width={video().poster?.width}
                height={video().poster?.height}
                onEnded={reachEnd}
              >
                <source src={video().url} />
                <Show when={video().captionsUrl}>
                  <track kind="captions" src={video().captionsUrl} srclang="vi" label={t("player.captionsLabel")} default />
                </Show>
                {t("player.videoUnsupported")}
              </video>
              <Show when={props.lesson.html}>
                <h2 class="lesson__subheading">{t("player.transcript")}</h2>
                <Html html={props.lesson.html} />
              </Show>
            </>
          )}
        </Match>
        <Match when={props.lesson.kind === "audio" && props.lesson.audio}>
          {(audio) => (
            <>
              <audio class="lesson__audio" controls preload="none" src={audio().url} onEnded={reachEnd}>
                {t("player.audioUnsupported")}
              </audio>
              <Show when={props.lesson.html}>
                <h2 class="lesson__subheading">{t("player.transcript")}</h2>
                <Html html={props.lesson.html} />
              </Show>
            </>
          )}
        </Match>
        <Match when={props.lesson.kind === "scenario" && props.lesson.scenario}>
          {(scenario) => (
            <ErrorBoundary
              fallback={
                <p class="notice notice--error" role="alert">
                  {t("player.scenarioFailed")}
                </p>
              }
            >
              <Suspense fallback={<p class="loading">{t("player.scenarioLoading")}</p>}>
                {/* Keyed on the lesson: the next scenario starts from its own beginning. */}
                <Show when={props.lesson.id} keyed>
                  <ScenarioPlayer scenario={scenario()} onPlayed={props.onPlayed} graded={Boolean(props.onPlayed)} />
                </Show>
              </Suspense>
            </ErrorBoundary>
          )}
        </Match>
      </Switch>
      <Sources lesson={props.lesson} />
    </div>
  );
}

/** Where the lesson's facts come from and when they were last checked, so a member can point a resident to them. */
function Sources(props: { lesson: LearnerLesson }) {
  const t = useMessages(playerMessages);
  const { language } = useI18n();
  const day = () => (props.lesson.reviewedAt ? shortDate(`${props.lesson.reviewedAt}T12:00:00`, language()) : undefined);
  return (
    <Show when={props.lesson.sources?.length}>
      <details class="lesson__sources">
        <summary>{day() ? t("player.sourcesReviewed", { date: day()! }) : t("player.sources")}</summary>
        <ul>
          <For each={props.lesson.sources}>
            {(source) => (
              <li>
                <Show when={source.url} fallback={source.title}>
                  <a href={source.url} target="_blank" rel="noopener noreferrer">
                    {source.title}
                  </a>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}

/** Plain text of a lesson for reading aloud: the body, and the words of its pictures. */
export function lessonText(lesson: LearnerLesson): string {
  const parts: string[] = [lesson.title];
  const fromHtml = (html?: string) => {
    if (!html) return;
    const doc = new DOMParser().parseFromString(html, "text/html");
    parts.push(doc.body.textContent ?? "");
  };
  if (lesson.image) parts.push(lesson.image.caption ?? "", lesson.image.alt ?? "");
  for (const slide of lesson.slides ?? []) parts.push(slide.caption ?? "", slide.alt ?? "");
  fromHtml(lesson.html);
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .join(".\n");
}
