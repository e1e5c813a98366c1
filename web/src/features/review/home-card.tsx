import { dueCards } from "@kns/core/model";
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { defineArea, useMessages } from "../../i18n";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { loadDeck } from "./deck-store";
import vi from "./home-card.vi";
import "./home-card.css";

const cardMessages = defineArea({ vi, en: () => import("./home-card.en") });

/**
 * "2 phút ôn tập" on the home screen, when cards are due: how many, and the way into the deck. Read from the
 * phone's copy at once and refreshed from the network (a 304 when nothing changed), so it shows offline too.
 * Tiny on purpose: the deck and its scheduler load only when the learner opens it.
 */
export function ReviewHomeCard() {
  const t = useMessages(cardMessages);
  const session = useSession();
  const deck = createLoader(
    () => session.user()?.id,
    (id, early) => loadDeck(id, session.api, early),
  );
  const due = () => dueCards(deck.data()?.deck.cards ?? [], new Date()).length;
  return (
    <Show when={due()}>
      <section class="review-home" aria-labelledby="review-home-title">
        <h2 id="review-home-title">{t("reviewHome.title")}</h2>
        <p>{due() === 1 ? t("reviewHome.dueOne") : t("reviewHome.due", { count: due() })}</p>
        <A class="button button--primary review-home__start" href="/review">
          {t("reviewHome.start")}
        </A>
      </section>
    </Show>
  );
}
