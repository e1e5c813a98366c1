import { defineConfig, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import solid from "vite-plugin-solid";
import { BOOT_SCRIPT_OPTIONS, preloadLinkedScreen } from "./src/build/preload-linked-screen";
import { SESSION_KEY } from "./src/lib/session-key";
import { LINKED_SCREENS } from "./src/routes/learn/paths";

const THEME_COLOR = "#0b6e4f";

/**
 * Chunks only the staff screens use (routes/admin, routes/trainer), and their CSS. The service worker does
 * not precache them: a member's phone should not spend a few hundred KB of mobile data on screens it never
 * opens. Staff get them cached at run time instead, when they first open those screens.
 */
const staffOnly = new Set<string>();
function markStaffChunks(): Plugin {
  return {
    name: "kns:mark-staff-chunks",
    apply: "build",
    generateBundle(_options, bundle) {
      staffOnly.clear();
      const learnerCss = new Set<string>();
      const staffCss: string[] = [];
      for (const file of Object.values(bundle)) {
        if (file.type !== "chunk") continue;
        const own = file.moduleIds.filter((id) => !id.includes("/node_modules/") && !id.startsWith("\0"));
        const css = [...(file.viteMetadata?.importedCss ?? [])];
        const staffModule = (id: string) => /\/src\/routes\/(admin|trainer)\//.test(id);
        // A lazy chunk entered from a staff screen holds only code that screen alone reaches (e.g. core's XLSX reader).
        const enteredFromStaff = file.isDynamicEntry && Boolean(file.facadeModuleId && staffModule(file.facadeModuleId));
        if (own.length && (own.every(staffModule) || enteredFromStaff)) {
          staffOnly.add(file.fileName);
          staffCss.push(...css);
        } else {
          for (const name of css) learnerCss.add(name);
        }
      }
      for (const name of staffCss) if (!learnerCss.has(name)) staffOnly.add(name);
    },
  };
}

/**
 * The shared model (@kns/core/model) is runtime-free and has no side effects, but a bundler cannot prove it of
 * code like `Object.keys(…)` at the top of a module, so a screen importing one function of it kept a bare import
 * of the whole model chunk: 3 KB more on the sign-in screen's first load. This says so for those modules only.
 */
function modelWithoutSideEffects(): Plugin {
  return {
    name: "kns:model-without-side-effects",
    apply: "build",
    transform(_code, id) {
      return /[\\/]packages[\\/]core[\\/]src[\\/]model[\\/]/.test(id) ? { moduleSideEffects: false } : undefined;
    },
  };
}

/**
 * What every screen starts with (the framework, the i18n, the API client, buttons and alerts) in one chunk, and the
 * pieces every form adds (fields, validation, error messages, the phone and name rules) in a second, instead of
 * eight chunks of a few hundred bytes each: on the sign-in screen's first load every request costs its headers and
 * a round trip on 3G. Measured with the bench's first-load probe: 34.6 KB of JS over 12 requests before, 27.3 KB
 * over 4 after (with the model change above). The form pieces are apart so that a lesson opened from a link, which
 * has no form, does not carry them (3.2 KB gzipped); the sign-in screen's boot-script preload asks for both.
 */
const BASE = /[\\/]web[\\/]src[\\/](components[\\/](alert|button)\.tsx|lib[\\/](api|storage)\.ts|i18n[\\/](index\.tsx|vi\.ts))$/;
const FORM_BASICS =
  /[\\/](web[\\/]src[\\/](components[\\/](form-field|form)\.tsx|lib[\\/](validate|errors|form)\.ts)|packages[\\/]core[\\/]src[\\/]model[\\/](people|phone)\.ts)$/;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    solid(),
    modelWithoutSideEffects(),
    preloadLinkedScreen(Object.values(LINKED_SCREENS), SESSION_KEY, BOOT_SCRIPT_OPTIONS),
    markStaffChunks(),
    VitePWA({
      strategies: "generateSW",
      registerType: "autoUpdate",
      // The app registers it (web/src/lib/service-worker.ts) once the first screen's data is in, not at `load`.
      injectRegister: false,
      includeAssets: ["icons/icon.svg", "icons/apple-touch-icon.png"],
      manifest: {
        id: "/",
        name: "Kỹ Năng Số",
        short_name: "Kỹ Năng Số",
        description: "Học kỹ năng số ngắn gọn trên điện thoại, cả khi không có mạng, dành cho Tổ công nghệ số cộng đồng.",
        lang: "vi",
        dir: "ltr",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#f4f7f5",
        theme_color: THEME_COLOR,
        categories: ["education"],
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        // The push and notification-click handlers (public/push-handler.js): generateSW writes no code of ours.
        importScripts: ["/push-handler.js"],
        globPatterns: ["**/*.{html,js,css,png,svg,webmanifest}"],
        manifestTransforms: [async (entries) => ({ manifest: entries.filter((entry) => !staffOnly.has(entry.url)), warnings: [] })],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // Take over at once, also on the first visit: a member may download a course and walk out of coverage
        // without ever reloading, and the downloaded media are served by this worker.
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // Course media are content-addressed (immutable): once on the phone, never fetched again. The app's
            // "download for offline" puts files into this same cache (features/offline/library.ts, MEDIA_CACHE),
            // and range requests let a downloaded video play offline.
            urlPattern: /\/api\/v1\/media\/[a-f0-9]{32}\.[a-z0-9]{2,4}$/,
            handler: "CacheFirst",
            options: { cacheName: "kns-media", rangeRequests: true, cacheableResponse: { statuses: [200] } },
          },
          {
            // Staff screens' chunks (left out of the precache above), kept once opened; names are content hashes.
            urlPattern: /\/assets\/[^/]+\.(js|css)$/,
            handler: "CacheFirst",
            options: { cacheName: "kns-staff-assets", expiration: { maxEntries: 200, maxAgeSeconds: 60 * 24 * 3600 }, cacheableResponse: { statuses: [200] } },
          },
          {
            // The certificate signing key, so the verification page checks signatures with no network.
            urlPattern: /\/api\/v1\/verify\/public-key$/,
            handler: "StaleWhileRevalidate",
            options: { cacheName: "kns-verify-key", cacheableResponse: { statuses: [200] } },
          },
        ],
      },
    }),
  ],
  server: {
    proxy: { "/api": "http://localhost:3000" },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The phones' Chrome and Android WebView (Chrome 111 and later, Vite's default target) support
    // <link rel="modulepreload">; the polyfill was 0.5 KB gzipped of every first load for them. Only Safari
    // before 17 ignores the hint: it then fetches each module when it is imported, as without a hint.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "base", test: BASE, priority: 2 },
            { name: "forms", test: FORM_BASICS, priority: 1 },
          ],
        },
      },
    },
  },
});
