import { CodePasswordPage } from "./reset-password";

/** /activate (public): the first sign-in of an account an admin created, with the activation code they handed over. */
export default function Activate() {
  return <CodePasswordPage mode="activation" />;
}
