import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { useMessages } from "../../i18n";
import { learnerFrameMessages } from "./frame-messages";

/** Speech engines stop on long utterances (Chrome on Android after ~15 s): read in sentence-sized pieces. */
function pieces(text: string): string[] {
  const sentences = text.replace(/\s+/g, " ").match(/[^.!?…:;\n]+[.!?…:;]*/g) ?? [];
  const out: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if ((current + sentence).length > 180 && current) {
      out.push(current.trim());
      current = "";
    }
    current += sentence;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function vietnameseVoice(): SpeechSynthesisVoice | undefined {
  if (typeof speechSynthesis === "undefined") return undefined;
  const voices = speechSynthesis.getVoices();
  return voices.find((v) => v.lang.replace("_", "-").toLowerCase() === "vi-vn") ?? voices.find((v) => v.lang.toLowerCase().startsWith("vi"));
}

/** "Read aloud" with a Vietnamese voice; hidden on phones that have none (a wrong accent helps nobody). */
export function ReadAloud(props: { text: () => string }) {
  const t = useMessages(learnerFrameMessages);
  const [voice, setVoice] = createSignal<SpeechSynthesisVoice>();
  const [speaking, setSpeaking] = createSignal(false);

  onMount(() => {
    if (typeof speechSynthesis === "undefined") return;
    const pick = () => setVoice(vietnameseVoice());
    pick();
    speechSynthesis.addEventListener("voiceschanged", pick);
    onCleanup(() => {
      speechSynthesis.removeEventListener("voiceschanged", pick);
      speechSynthesis.cancel();
    });
  });

  function toggle() {
    if (speaking()) {
      speechSynthesis.cancel();
      setSpeaking(false);
      return;
    }
    const chosen = voice();
    if (!chosen) return;
    speechSynthesis.cancel();
    const parts = pieces(props.text());
    parts.forEach((part, index) => {
      const utterance = new SpeechSynthesisUtterance(part);
      utterance.voice = chosen;
      utterance.lang = chosen.lang;
      utterance.rate = 0.95;
      if (index === parts.length - 1) utterance.onend = () => setSpeaking(false);
      utterance.onerror = () => setSpeaking(false);
      speechSynthesis.speak(utterance);
    });
    setSpeaking(parts.length > 0);
  }

  return (
    <Show when={voice()}>
      <button type="button" class="read-aloud" aria-pressed={speaking()} onClick={toggle}>
        <span aria-hidden="true">{speaking() ? "■ " : "🔊 "}</span>
        {speaking() ? t("lesson.stopReading") : t("lesson.readAloud")}
      </button>
    </Show>
  );
}
