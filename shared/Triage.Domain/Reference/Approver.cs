namespace Triage.Domain;

/// <summary>A person of the approvers' directory (<c>approvers.json</c>): <paramref name="Id"/> is the
/// subject (<c>sub</c>) of their tokens, <paramref name="Steps"/> the steps they hold. Whether they may
/// decide a step is still their token's <c>steps</c> claim; a deputy decides only a step escalated to them
/// (see <see cref="ApprovalPolicy.Deputies"/>).</summary>
public sealed record Approver(string Id, string Name, IReadOnlyList<string> Steps);
