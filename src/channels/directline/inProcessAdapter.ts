/**
 * The bot's CloudAdapter, with a short cut for this server's own Direct Line. A plain CloudAdapter sends every reply
 * through its connector client: an Azure HTTP pipeline, a loopback socket, restify parsing the body on our callback
 * route (`/v3/conversations/{id}/activities`), and only then the Direct Line store. When both ends are in this process
 * that round trip is pure cost (one to three per turn), so for a turn whose `serviceUrl` is the Direct Line this
 * adapter was connected to, replies go straight to that Direct Line instead; anything else (the Emulator, Azure
 * channels) goes through CloudAdapter as before, and the callback routes stay for external bots.
 *
 * Everything botbuilder does around the send is kept, because the override sits where CloudAdapterBase talks to the
 * connector client: TurnContext still applies the conversation reference, runs `onSendActivities` handlers, sets
 * `responded` and copies the returned ids onto the activities. Proactive sends (`continueConversationAsync`, staff
 * replies) run a turn with the reference's `serviceUrl`, so they take the same path.
 */
import {
  type Activity,
  ActivityTypes,
  BotCallbackHandlerKey,
  CloudAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';

/** Where the short cut delivers: the Direct Line service of this server, in bot-to-channel terms. */
export interface LocalChannel {
  /** The `serviceUrl` this channel stamps on the activities it delivers ('' until the server listens). */
  serviceUrl(): string;
  /** Stores the bot's activities in the conversation, in order (as the callback route would), and answers their ids. */
  receiveFromBot(conversationId: string, activities: Partial<Activity>[]): Promise<ResourceResponse[]>;
  /** Replaces an activity the bot sent earlier (`PUT /v3/conversations/{id}/activities/{activityId}`). */
  updateFromBot(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<ResourceResponse>;
  /** Removes an activity the bot sent earlier (`DELETE /v3/conversations/{id}/activities/{activityId}`). */
  deleteFromBot(conversationId: string, activityId: string): Promise<void>;
}

type TurnLogic = (context: TurnContext) => Promise<void>;

/** Activities CloudAdapterBase handles without its connector client (pauses, invoke answers, dropped traces). */
const NOT_SENT = new Set<string>(['delay', ActivityTypes.InvokeResponse, ActivityTypes.Trace]);

export interface InProcessCloudAdapterOptions {
  /** `MicrosoftAppId`, or '' without Azure credentials: the identity in-process turns run under. */
  botAppId?: string;
}

export class InProcessCloudAdapter extends CloudAdapter {
  private local: LocalChannel | undefined;
  private readonly botAppId: string;
  /** Built once: the connector and token clients are stateless, and building them costs ~0.1 ms per turn. */
  private localTurnState: Promise<Map<symbol | string, unknown>> | undefined;
  private localTurnStateUrl = '';

  constructor(auth: ConstructorParameters<typeof CloudAdapter>[0], options: InProcessCloudAdapterOptions = {}) {
    super(auth);
    this.botAppId = options.botAppId ?? '';
  }

  /** From now on, turns whose `serviceUrl` is `channel.serviceUrl()` reach `channel` without HTTP. */
  connectLocalChannel(channel: LocalChannel): void {
    this.local = channel;
  }

  /**
   * Runs a turn for an activity the local channel hands over. It never left this process, so there is nothing to
   * authenticate (CloudAdapter's own `connectNamedPipe` reasons the same way); the identity is the one botbuilder
   * gives this bot's proactive turns. The turn state mirrors CloudAdapterBase's `createTurnContext`.
   */
  async processLocalActivity(activity: Activity, logic: TurnLogic): Promise<void> {
    const context = new TurnContext(this, activity);
    for (const [key, value] of await this.turnStateFor(activity.serviceUrl)) context.turnState.set(key, value);
    context.turnState.set(BotCallbackHandlerKey, logic);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const local = this.localFor(context);
    if (!local || !activities?.length) return super.sendActivities(context, activities);
    const responses: ResourceResponse[] = new Array(activities.length);
    let batch: number[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const sending = batch;
      batch = [];
      const ids = await withStatusCode(local.receiveFromBot(context.activity.conversation.id, sending.map((i) => activities[i]!)));
      sending.forEach((i, n) => (responses[i] = ids[n] ?? { id: '' }));
    };
    for (const [i, activity] of activities.entries()) {
      if (NOT_SENT.has(activity.type ?? '')) {
        // A pause must fall between the replies around it; the others (invoke answers, traces) send nothing.
        if (activity.type === 'delay') await flush();
        responses[i] = (await super.sendActivities(context, [activity]))[0] ?? { id: '' };
      } else {
        delete activity.id;
        batch.push(i);
      }
    }
    await flush();
    return responses;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const local = this.localFor(context);
    if (!local || !activity) return super.updateActivity(context, activity);
    const response = await withStatusCode(local.updateFromBot(activity.conversation?.id ?? context.activity.conversation.id, activity.id ?? '', activity));
    return response.id ? { id: response.id } : undefined;
  }

  override async deleteActivity(context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const local = this.localFor(context);
    if (!local || !reference) return super.deleteActivity(context, reference);
    await withStatusCode(local.deleteFromBot(reference.conversation?.id ?? context.activity.conversation.id, reference.activityId ?? ''));
  }

  private localFor(context: TurnContext): LocalChannel | undefined {
    const own = this.local?.serviceUrl();
    const target = context?.activity?.serviceUrl;
    return own && target && sameUrl(own, target) ? this.local : undefined;
  }

  private turnStateFor(serviceUrl: string): Promise<Map<symbol | string, unknown>> {
    if (!this.localTurnState || this.localTurnStateUrl !== serviceUrl) {
      this.localTurnStateUrl = serviceUrl;
      this.localTurnState = this.buildTurnState(serviceUrl);
      // A failure (it should not happen: nothing here goes to the network) is not kept for later turns.
      this.localTurnState.catch(() => {
        this.localTurnState = undefined;
      });
    }
    return this.localTurnState;
  }

  private async buildTurnState(serviceUrl: string): Promise<Map<symbol | string, unknown>> {
    const identity = this.createClaimsIdentity(this.botAppId);
    // As for proactive turns: no audience, so the connector uses the environment's default scope.
    const audience = undefined;
    const connectorFactory = this.botFrameworkAuthentication.createConnectorFactory(identity);
    // Kept in the turn state like on any turn, for code that reaches for them; replies do not use the connector.
    const connectorClient = await connectorFactory.create(serviceUrl, audience);
    const userTokenClient = await this.botFrameworkAuthentication.createUserTokenClient(identity);
    return new Map<symbol | string, unknown>([
      [this.BotIdentityKey, identity],
      [this.ConnectorClientKey, connectorClient],
      [this.UserTokenClientKey, userTokenClient],
      [this.ConnectorFactoryKey, connectorFactory],
      [this.OAuthScopeKey, audience],
    ]);
  }
}

function sameUrl(a: string, b: string): boolean {
  return a === b || a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * The channel refuses with `HttpError`s (`status`); over HTTP the connector client would have thrown an error with
 * `statusCode`, which is what callers (reply delivery's log, for one) read.
 */
async function withStatusCode<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const status = (err as { status?: unknown })?.status;
    if (typeof status === 'number' && (err as { statusCode?: unknown }).statusCode === undefined) {
      Object.assign(err as object, { statusCode: status });
    }
    throw err;
  }
}
