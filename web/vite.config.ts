import { defineConfig, type HtmlTagDescriptor, type Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import solid from "vite-plugin-solid";

const THEME_COLOR = "#0b6e4f";

/**
 * Screens are lazy chunks, so on a first visit the sign-in chunk would only be requested after the main
 * bundle has downloaded and run: one more round trip, which costs most on weak 3G. This hints it in the HTML.
 */
function preloadFirstScreen(entry: string): Plugin {
  return {
    name: "kns:preload-first-screen",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, { bundle }) {
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((file) => file.type === "chunk");
        const screen = chunks.find((chunk) => chunk.facadeModuleId?.endsWith(entry));
        if (!screen) throw new Error(`preloadFirstScreen: no chunk for ${entry}`);
        const alreadyLoaded = new Set(chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName));
        return [screen.fileName, ...screen.imports]
          .filter((file) => !alreadyLoaded.has(file))
          .map((file): HtmlTagDescriptor => ({ tag: "link", attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}` }, injectTo: "head" }));
      },
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    solid(),
    preloadFirstScreen("/src/routes/sign-in.tsx"),
    VitePWA({
      strategies: "generateSW",
      registerType: "autoUpdate",
      // A deferred one-line script, so registering the service worker adds nothing to the app's own bundle.
      injectRegister: "script-defer",
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
        globPatterns: ["**/*.{html,js,css,png,svg,webmanifest}"],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  server: {
    proxy: { "/api": "http://localhost:3000" },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
