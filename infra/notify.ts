import { RemovalPolicy, SecretValue, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { MESSAGE_KINDS } from "../packages/core/src/model/notify";

/**
 * Configuration of the SMS and Zalo channels (packages/core/src/notify/channels.ts, docs/notifications.md) for the
 * functions that send messages: the API (password-reset codes) and the worker (reminders, announcements, retries).
 * Web Push needs nothing here: its keys are in the signing-keys secret. A channel that is not configured adds
 * nothing to the template.
 */

/** AWS End User Messaging SMS (pinpoint-sms-voice-v2 `SendTextMessage`). */
export interface SmsSettings {
  /**
   * What `SendTextMessage` sends from: a registered sender id (`KYNANGSO`), a phone number id (`phone-…`), a pool
   * id (`pool-…`), or the ARN of any of them. Not a phone number itself: IAM names phone numbers by their id.
   */
  originationIdentity: string;
  /** Optional configuration set (name or ARN) whose event destinations record delivery reports. */
  configurationSet?: string;
  /** Country of a sender id, in its ARN (`sender-id/<id>/<country>`); Vietnam unless said otherwise. */
  senderIdCountry?: string;
}

/** Zalo Notification Service: template ids per kind of message; the access token lives in a secret the stack makes. */
export interface ZaloSettings {
  /** Kind of message (`reminder.due`, …) → approved ZNS template id. */
  templates: Record<string, string>;
}

export interface ChannelSettings {
  sms?: SmsSettings;
  zalo?: ZaloSettings;
}

const SENDER_ID = /^[A-Za-z0-9-]{1,11}$/;

/**
 * The resources `sms-voice:SendTextMessage` is granted on: the origination identity and the configuration set,
 * as ARNs (Service Authorization Reference, "AWS End User Messaging SMS and Voice V2": `phone-number/<id>`,
 * `pool/<id>`, `sender-id/<id>/<country>`, `configuration-set/<name>`).
 */
export function smsResourceArns(scope: Construct, sms: SmsSettings): string[] {
  const stack = Stack.of(scope);
  const arn = (resource: string, resourceName: string) => stack.formatArn({ service: "sms-voice", resource, resourceName });
  const identity = sms.originationIdentity.trim();
  let identityArn: string;
  if (identity.startsWith("arn:")) identityArn = identity;
  else if (/^phone-[0-9a-z]+$/.test(identity)) identityArn = arn("phone-number", identity);
  else if (/^pool-[0-9a-z]+$/.test(identity)) identityArn = arn("pool", identity);
  else if (identity.startsWith("+")) {
    throw new Error(`SMS origination identity ${identity}: give the phone number's id (phone-…) or its ARN, which IAM can name`);
  } else if (SENDER_ID.test(identity)) identityArn = arn("sender-id", `${identity}/${sms.senderIdCountry ?? "VN"}`);
  else throw new Error(`SMS origination identity "${identity}" is neither a sender id, a phone number id, a pool id nor an ARN`);
  const arns = [identityArn];
  const set = sms.configurationSet?.trim();
  if (set) arns.push(set.startsWith("arn:") ? set : arn("configuration-set", set));
  return arns;
}

export interface NotifyChannelsProps extends ChannelSettings {
  stage: string;
  production: boolean;
}

/**
 * The channels' configuration, handed to each sending function with `configure`. With Zalo, the stack makes one
 * secret for the Official Account's access token, created as `{}`: whoever runs the OA writes
 * `{"accessToken":"…"}` into it (and again whenever Zalo's token is refreshed, about daily). The token never
 * appears in the template or in a function's environment: functions get the secret's ARN (`ZALO_SECRET_ARN`)
 * and may only read it.
 */
export class NotifyChannels extends Construct {
  readonly zaloSecret?: secretsmanager.Secret;
  private readonly settings: ChannelSettings;

  constructor(scope: Construct, id: string, props: NotifyChannelsProps) {
    super(scope, id);
    this.settings = { sms: props.sms, zalo: props.zalo };
    if (props.zalo) {
      const unknown = Object.keys(props.zalo.templates).filter((kind) => !(MESSAGE_KINDS as readonly string[]).includes(kind));
      if (unknown.length) throw new Error(`Zalo templates for unknown kinds of message: ${unknown.join(", ")} (known: ${MESSAGE_KINDS.join(", ")})`);
      if (Object.keys(props.zalo.templates).length === 0) throw new Error("Zalo is configured without any template");
      this.zaloSecret = new secretsmanager.Secret(this, "ZaloSecret", {
        description: `Kỹ Năng Số Zalo ZNS access token (${props.stage}): JSON { accessToken }, written by whoever runs the Official Account`,
        // A placeholder, never a token. CloudFormation writes the value again only when this text changes.
        secretStringValue: SecretValue.unsafePlainText("{}"),
        removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
    }
    if (props.sms) smsResourceArns(this, props.sms); // fail at synthesis, not at the first message
  }

  /** Gives `fn` the environment and the permissions of every configured channel, and nothing otherwise. */
  configure(fn: lambda.Function) {
    const { sms, zalo } = this.settings;
    if (sms) {
      fn.addEnvironment("SMS_ORIGINATION_IDENTITY", sms.originationIdentity.trim());
      if (sms.configurationSet?.trim()) fn.addEnvironment("SMS_CONFIGURATION_SET", sms.configurationSet.trim());
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ["sms-voice:SendTextMessage"], resources: smsResourceArns(this, sms) }));
    }
    if (zalo && this.zaloSecret) {
      fn.addEnvironment("ZALO_SECRET_ARN", this.zaloSecret.secretArn);
      fn.addEnvironment("ZALO_ZNS_TEMPLATES", JSON.stringify(zalo.templates));
      this.zaloSecret.grantRead(fn);
    }
  }
}

/**
 * The channels' settings from the deploying environment (sst.config.ts; SST also loads `.env.<stage>`):
 * `KNS_SMS_ORIGINATION_IDENTITY`, `KNS_SMS_CONFIGURATION_SET`, and `KNS_ZALO_ZNS_TEMPLATES` (JSON, kind →
 * template id). Never a token: the Zalo token goes into its secret after the deploy (docs/deploy.md).
 */
export function channelSettingsFromEnv(env: Record<string, string | undefined>): ChannelSettings {
  const settings: ChannelSettings = {};
  const identity = env.KNS_SMS_ORIGINATION_IDENTITY?.trim();
  if (identity) settings.sms = { originationIdentity: identity, configurationSet: env.KNS_SMS_CONFIGURATION_SET?.trim() || undefined };
  const templates = env.KNS_ZALO_ZNS_TEMPLATES?.trim();
  if (templates) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(templates);
    } catch {
      throw new Error('KNS_ZALO_ZNS_TEMPLATES must be JSON: {"reminder.due":"256789", …}');
    }
    if (
      !parsed ||
      typeof parsed !== "object" ||
      Array.isArray(parsed) ||
      !Object.values(parsed).every((id) => typeof id === "string" || typeof id === "number")
    ) {
      throw new Error("KNS_ZALO_ZNS_TEMPLATES must map kinds of message to template ids");
    }
    settings.zalo = { templates: Object.fromEntries(Object.entries(parsed).map(([kind, id]) => [kind, String(id)])) };
  }
  return settings;
}
