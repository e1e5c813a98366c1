// The web floor (test/bench/web.ts): the smallest Solid page, built by the same Vite and vite-plugin-solid as
// web/, to show what the toolchain alone costs on a first load.
import { render } from "solid-js/web";

render(() => <h1>Đăng nhập</h1>, document.getElementById("app"));
