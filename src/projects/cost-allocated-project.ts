import { Duration, Fn, IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as bedrockmantle from 'aws-cdk-lib/aws-bedrockmantle';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { addNagSuppression, policyResourcesOf } from '../core/nag';
import { checkString, fail } from '../core/validation';
import { CostForecast, PriceCatalog, ProfileUsage } from '../pricing/cost-forecast';
import { BedrockModelId } from '../profiles/bedrock-model-id';
import { checkTags } from '../profiles/profile-checks';
import { warnIfStale } from '../profiles/profile-cost';
import { contributeToCostReport } from '../report/cost-report';

/**
 * Facts from AWS (read 2026-12):
 * - `AWS::BedrockMantle::Project`: `Name` 1–128 characters (required), `Tags` (≤200, updatable);
 *   read-only `Arn` (`arn:<partition>:bedrock-mantle:<region>:<account>:project/<id>`), `Id`
 *   (`proj_…` or `default`), `CreatedAt` (the CloudFormation registry schema).
 * - `bedrock-mantle:CreateInference` runs inference (Responses, Chat Completions, Messages) and is
 *   authorized on the project resource; `bedrock-mantle:Model` narrows it to models;
 *   `bedrock-mantle:CallWithBearerToken` (no resource type) lets Bedrock API keys call the endpoint
 *   (Service Authorization Reference, "Amazon Bedrock Powered by AWS Mantle"; the managed policy
 *   AmazonBedrockMantleInferenceAccess grants CreateInference on `project/*`).
 * - Metrics: namespace `AWS/BedrockMantle`, per account, project, model and project+model
 *   (Bedrock user guide, "Monitor bedrock-mantle inference using CloudWatch metrics").
 */

const NAME_RULE = { minLength: 1, maxLength: 128, fix: 'Use e.g. "search-assistant", or omit projectName to get a derived name.' };
const PROJECT_ARN = /^arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock-mantle:([a-z0-9-]{1,20}):(\d{12}):project\/(default|proj_[a-z0-9]+)$/;
const NAMESPACE = 'AWS/BedrockMantle';

/** A Bedrock project (OpenAI-compatible APIs on the bedrock-mantle endpoint) whose inference is billed to its tags. */
export interface ICostAllocatedProject extends IResource {
  /**
   * The project ARN.
   * @attribute
   */
  readonly projectArn: string;
  /**
   * The project id (`proj_…`): callers name the project with it.
   * @attribute
   */
  readonly projectId: string;

  /**
   * Allows `grantee` to run inference in this project on the bedrock-mantle endpoint
   * (`bedrock-mantle:CreateInference` on the project).
   *
   * @param models only these model ids (condition `bedrock-mantle:Model`); default: any model
   */
  grantInference(grantee: iam.IGrantable, models?: string[]): iam.Grant;

  /** A bedrock-mantle metric of this project (namespace `AWS/BedrockMantle`, dimension `Project`). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Completed inference requests (sum over 5 minutes). */
  metricInferences(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests that failed with a client (4xx) error (sum over 5 minutes). */
  metricInferenceClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Input tokens (sum over 5 minutes). */
  metricTotalInputTokens(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Output tokens (sum over 5 minutes). */
  metricTotalOutputTokens(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

abstract class CostAllocatedProjectBase extends Resource implements ICostAllocatedProject {
  public abstract readonly projectArn: string;
  public abstract readonly projectId: string;

  public grantInference(grantee: iam.IGrantable, models?: string[]): iam.Grant {
    const names = checkModels(this, models);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['bedrock-mantle:CreateInference'],
      resourceArns: [this.projectArn],
      conditions: names ? { StringEquals: { 'bedrock-mantle:Model': names } } : undefined,
    });
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      dimensionsMap: { Project: this.projectId },
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  public metricInferences(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Inferences', props);
  }

  public metricInferenceClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InferenceClientErrors', props);
  }

  public metricTotalInputTokens(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TotalInputTokens', props);
  }

  public metricTotalOutputTokens(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TotalOutputTokens', props);
  }
}

/**
 * Properties of a `CostAllocatedProject`.
 *
 * @example
 * const assistant = new CostAllocatedProject(this, 'Assistant', {
 *   costAllocationTags: { Team: 'search' },
 *   projectName: 'search-assistant',
 *   forecastModel: BedrockModelId.OPENAI_GPT_OSS_120B,
 *   expectedUsage: { daysPerMonth: 30, requestsPerDay: 5000, inputTokensPerRequest: 800, outputTokensPerRequest: 400 },
 * });
 * new ProfileBudget(this, 'AssistantBudget', { projects: [assistant], alertTargets: [alerts.asAlertTarget()] });
 */
export interface CostAllocatedProjectProps {
  /**
   * Cost-allocation tags billed for the project's inference, for example `{ Team: 'search' }`. At least
   * one; keys 1–128 and values 0–256 characters of letters, digits, white space and
   * `_.:/=+-@`; keys may not start with `aws:`. Activate the keys in the payer account.
   */
  readonly costAllocationTags: { [key: string]: string };

  /**
   * The project name, 1–128 characters.
   *
   * @default - the stack name and construct path
   * @see http://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-bedrockmantle-project.html#cfn-bedrockmantle-project-name
   */
  readonly projectName?: string;

  /**
   * The traffic you expect through the project. With it the project gets a cost forecast, which
   * a `ProfileBudget` on its tag derives its limit from and the cost report records. Needs
   * `forecastModel` and a concrete Region.
   *
   * @default - no forecast
   */
  readonly expectedUsage?: ProfileUsage;

  /**
   * The model the expected traffic runs on, priced from the catalog in the stack's Region.
   *
   * @default - none; required with expectedUsage
   */
  readonly forecastModel?: BedrockModelId;

  /**
   * The price catalog for the forecast.
   *
   * @default PriceCatalog.embedded()
   */
  readonly priceCatalog?: PriceCatalog;

  /**
   * Price the forecast with the prices in effect on this date (YYYY-MM-DD).
   *
   * @default - the date of synthesis
   */
  readonly pricesAsOf?: string;
}

/**
 * What `CostAllocatedProject.fromProjectAttributes` needs.
 *
 * @example
 * const shared = CostAllocatedProject.fromProjectAttributes(this, 'Shared',
 *   { projectArn: 'arn:aws:bedrock-mantle:us-east-2:111122223333:project/proj_5d5ykleja6cwpirysbb7' });
 * shared.grantInference(myRole, ['openai.gpt-oss-20b-1:0']);
 */
export interface CostAllocatedProjectAttributes {
  /** `arn:<partition>:bedrock-mantle:<region>:<account>:project/<id>`. */
  readonly projectArn: string;
}

/**
 * A Bedrock project (`AWS::BedrockMantle::Project`): application-level isolation for the
 * OpenAI-compatible APIs on the bedrock-mantle endpoint (Responses, Chat Completions,
 * Messages), with cost-allocation tags billed for its inference. AWS recommends projects for
 * bedrock-mantle and inference profiles for bedrock-runtime; a team may have both.
 *
 * `grantInference()` allows `bedrock-mantle:CreateInference` on this project only (optionally
 * for some models); metric helpers read `AWS/BedrockMantle` by project.
 *
 * @example
 * const project = new CostAllocatedProject(this, 'Assistant', { costAllocationTags: { Team: 'search' } });
 * project.grantInference(myRole, ['openai.gpt-oss-120b-1:0']);
 *
 * @resource AWS::BedrockMantle::Project
 */
export class CostAllocatedProject extends CostAllocatedProjectBase {
  /** Imports an existing project by ARN. */
  public static fromProjectAttributes(scope: Construct, id: string, attrs: CostAllocatedProjectAttributes): ICostAllocatedProject {
    const arn: unknown = attrs?.projectArn;
    const parsable = typeof arn === 'string' && (Token.isUnresolved(arn) || PROJECT_ARN.test(arn)) ? arn : undefined;
    class Import extends CostAllocatedProjectBase {
      public readonly projectArn: string;
      public readonly projectId: string;

      constructor() {
        super(scope, id, { environmentFromArn: parsable });
        if (typeof arn !== 'string' || parsable === undefined) {
          fail(this, 'projectArn', 'is not a Bedrock project ARN', 'Pass arn:<partition>:bedrock-mantle:<region>:<account>:project/<id>.', arn);
        }
        this.projectArn = arn;
        this.projectId = Token.isUnresolved(arn) ? Fn.select(1, Fn.split('/', arn)) : PROJECT_ARN.exec(arn)![4];
      }
    }
    return new Import();
  }

  public readonly projectArn: string;
  public readonly projectId: string;
  /** The project name (given or derived). */
  public readonly projectName: string;
  /** The cost-allocation tags given in props. */
  public readonly costAllocationTags: { [key: string]: string };
  /**
   * The monthly cost forecast from `expectedUsage`.
   *
   * @default - none without expectedUsage
   */
  public readonly costForecast?: CostForecast;
  /** The model of the forecast. */
  public readonly forecastModel?: BedrockModelId;
  private readonly resource: bedrockmantle.CfnProject;

  constructor(scope: Construct, id: string, props: CostAllocatedProjectProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      fail(this, 'props', 'is required', "Pass at least { costAllocationTags: { Team: 'search' } }.", props);
    }
    const tags = checkTags(this, 'costAllocationTags', props.costAllocationTags);
    this.costAllocationTags = { ...tags };
    if (props.projectName !== undefined) {
      checkString(this, 'projectName', props.projectName, NAME_RULE);
    }
    this.projectName = props.projectName ?? derivedName(this);
    this.resource = new bedrockmantle.CfnProject(this, 'Resource', {
      name: this.projectName,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    this.projectArn = this.resource.attrArn;
    this.projectId = this.resource.attrId;
    if (props.expectedUsage !== undefined) {
      this.forecastModel = checkForecastModel(this, props.forecastModel);
      this.costForecast = this.forecast(props, this.forecastModel);
    } else if (props.forecastModel !== undefined) {
      fail(this, 'forecastModel', 'is only used with expectedUsage', 'Give expectedUsage too, or leave forecastModel out.', props.forecastModel);
    }
    contributeToCostReport(this, { profile: () => this.reportEntry() });
  }

  /**
   * Allows `grantee` to call the bedrock-mantle endpoint with a Bedrock API key (bearer token):
   * `bedrock-mantle:CallWithBearerToken`, which has no resource type. Inference itself still
   * needs `grantInference`.
   */
  public grantBearerToken(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({ grantee, actions: ['bedrock-mantle:CallWithBearerToken'], resourceArns: ['*'] });
    for (const policy of policyResourcesOf(grantee)) {
      addNagSuppression(policy, 'AwsSolutions-IAM5',
        'bedrock-mantle:CallWithBearerToken supports no resource-level permissions (the Service Authorization Reference lists no resource type); '
        + 'it only admits the API key as a credential, and inference still needs CreateInference on the project.', ['Resource::*']);
    }
    return grant;
  }

  /** This project in the stack's cost report, as a "profile" of source kind PROJECT. */
  private reportEntry() {
    const stack = Stack.of(this);
    const concrete = (value: string) => (Token.isUnresolved(value) ? '(deploy-time)' : value);
    const tags = Object.fromEntries(Object.entries(this.resource.cdkTagManager.tagValues()).map(([k, v]) => [concrete(k), concrete(v)]));
    return {
      entry: {
        path: this.node.path,
        logicalId: stack.resolve(this.resource.logicalId) as string,
        profileName: concrete(this.projectName),
        modelId: this.forecastModel ? concrete(this.forecastModel.modelId) : '(any model)',
        sourceKind: 'PROJECT',
        region: concrete(stack.region),
        destinationRegions: [concrete(stack.region)],
        tags,
      },
      forecast: this.costForecast?._forecast,
    };
  }

  private forecast(props: CostAllocatedProjectProps, model: BedrockModelId): CostForecast {
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      fail(this, 'expectedUsage', 'needs a concrete Region to price the traffic, but the stack is Region-agnostic',
        "Give the stack an env with a region (env: { region: 'us-west-2' }).", region);
    }
    return warnIfStale(this, CostForecast._forInference({
      ...props.expectedUsage!,
      model: model.modelId,
      region,
      name: this.node.path,
      tags: this.costAllocationTags,
      months: 12,
      catalog: props.priceCatalog,
      asOf: props.pricesAsOf,
      // A missing price is about the model and Region: forecastModel and the stack's Region.
    }, this.node.path, { usage: 'expectedUsage', model: 'forecastModel', asOf: 'pricesAsOf', catalog: 'priceCatalog' }));
  }
}

function checkForecastModel(scope: IConstruct, model: unknown): BedrockModelId {
  if (!(model instanceof BedrockModelId)) {
    fail(scope, 'forecastModel', 'is required with expectedUsage (a project is not tied to one model)',
      'Give the model the traffic runs on, e.g. forecastModel: BedrockModelId.custom(\'openai.gpt-oss-120b-1:0\').', model);
  }
  if (Token.isUnresolved(model.modelId)) {
    fail(scope, 'forecastModel', 'needs a concrete model id to price the traffic', 'Use a BedrockModelId constant or a literal id.', model.modelId);
  }
  return model;
}

function checkModels(scope: IConstruct, models: unknown): string[] | undefined {
  if (models === undefined) {
    return undefined;
  }
  if (!Array.isArray(models) || models.length === 0 || models.some(m => typeof m !== 'string' || m === '')) {
    fail(scope, 'models', 'must be a non-empty list of model ids', "Pass e.g. ['openai.gpt-oss-120b-1:0'], or nothing to allow any model.", models);
  }
  return [...new Set(models as string[])];
}

/** `<stack>-<path in stack>`, at most 128 characters. */
function derivedName(scope: IConstruct): string {
  const stack = Stack.of(scope);
  const stackName = Token.isUnresolved(stack.stackName) ? stack.node.id : stack.stackName;
  const path = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map(c => c.node.id);
  return [stackName, ...path].join('-').replace(/[^0-9A-Za-z_-]+/g, '-').slice(0, 128);
}
