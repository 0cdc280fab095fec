using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.OpenApi;
using Triage.Application.Identity;

namespace Triage.Api;

/// <summary>
/// Builds the OpenAPI 3 document from <see cref="ApiRoutes.All"/> and the source-generated JSON
/// contracts (<see cref="ApiJsonContext"/>), so the description cannot drift from what the code serves.
/// </summary>
public static class OpenApiDocumentFactory
{
    public const string BearerScheme = "bearer";

    public static OpenApiDocument Create()
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "Triage API",
                Version = "1",
                Description = "Triage of NATO partner requests: quotes, submissions, approvals, trust funds and orchestration operations. "
                    + "Every route but health and this document needs a bearer JWT (roles: partner, approver, admin). "
                    + "Errors are RFC 9457 problem details.",
            },
            Paths = [],
            Components = new OpenApiComponents
            {
                Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [BearerScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        BearerFormat = "JWT",
                        Description = "Claims: sub, name, roles (partner | approver | admin), partner (alpha-3), steps.",
                    },
                },
            },
        };

        // References (the bearer scheme in each operation's security) resolve against registered components.
        document.RegisterComponents();
        var schemas = new SchemaBuilder(document);
        foreach (var group in ApiRoutes.All.GroupBy(r => r.Path))
        {
            var item = new OpenApiPathItem { Operations = [] };
            foreach (var route in group)
            {
                item.Operations[new HttpMethod(route.Method)] = Operation(route, document, schemas);
            }

            document.Paths[group.Key] = item;
        }

        return document;
    }

    private static OpenApiOperation Operation(ApiRoute route, OpenApiDocument document, SchemaBuilder schemas)
    {
        var operation = new OpenApiOperation
        {
            OperationId = route.Name,
            Summary = route.Summary,
            Description = route.IsAnonymous ? "Anonymous." : $"Roles: {string.Join(", ", route.Roles)}.",
            Parameters = [],
            Responses = [],
        };

        foreach (var name in route.PathParameters)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 128 },
            });
        }

        foreach (var parameter in route.Parameters)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = parameter.In == "header" ? ParameterLocation.Header : ParameterLocation.Query,
                Description = parameter.Description,
                Schema = parameter.Format switch
                {
                    "int32" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                    "date-time" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                    _ => new OpenApiSchema { Type = JsonSchemaType.String },
                },
            });
        }

        if (route.RequestType is not null)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = $"JSON, at most {TriageApi.MaxBodyBytes} bytes; unknown properties are refused.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = schemas.For(route.RequestType) },
                },
            };
        }

        var success = new OpenApiResponse { Description = "Success." };
        if (route.ResponseType is not null)
        {
            success.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schemas.For(route.ResponseType) } };
        }
        else if (route.Name == RouteNames.OpenApi)
        {
            success.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } };
        }

        operation.Responses[route.SuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)] = success;

        var problem = schemas.For(typeof(ProblemBody));
        foreach (var status in ErrorStatuses(route).Where(s => s != route.SuccessStatus).Distinct().Order())
        {
            var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (status is >= 200 and < 300)
            {
                operation.Responses[code] = new OpenApiResponse
                {
                    Description = "Success (an earlier identical call).",
                    Content = route.ResponseType is null ? null : new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schemas.For(route.ResponseType) } },
                };
                continue;
            }

            operation.Responses[code] = new OpenApiResponse
            {
                Description = Describe(status),
                Content = status == 503 && route.ResponseType is not null
                    ? new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schemas.For(route.ResponseType) } }
                    : new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            };
        }

        if (!route.IsAnonymous)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }

        return operation;
    }

    private static IEnumerable<int> ErrorStatuses(ApiRoute route)
    {
        if (!route.IsAnonymous)
        {
            yield return 401;
            yield return 403;
        }

        if (route.RequestType is not null)
        {
            yield return 400;
            yield return 413;
            yield return 415;
        }
        else if (route.Parameters.Any(p => p.In == "query"))
        {
            yield return 400;
        }

        if (route.PathParameters.Any())
        {
            yield return 404;
        }

        foreach (var status in route.ExtraStatuses)
        {
            yield return status;
        }
    }

    private static string Describe(int status) => status switch
    {
        400 => "Invalid input; errors name each field.",
        401 => "No valid bearer token.",
        403 => "The token does not allow this.",
        404 => "Not found (also another partner's request).",
        409 => "Conflicts with the current state.",
        413 => "Body larger than 64 KiB.",
        415 => "Body is not JSON.",
        503 => "Storage or the engine does not answer, or (submit) the intake backlog is full; retry after Retry-After.",
        _ => "Error.",
    };

    /// <summary>Schemas from the source-generated type metadata: the same names and shapes the
    /// serializer reads and writes. Objects become components referenced by name.</summary>
    private sealed class SchemaBuilder(OpenApiDocument document)
    {
        public IOpenApiSchema For(Type type)
        {
            var underlying = Nullable.GetUnderlyingType(type);
            if (underlying is not null)
            {
                return OrNull(For(underlying));
            }

            if (Primitive(type) is { } primitive)
            {
                return primitive;
            }

            var info = ApiJsonContext.Default.GetTypeInfo(type) ?? throw new InvalidOperationException($"{type} is not in {nameof(ApiJsonContext)}.");
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Enumerable:
                    return new OpenApiSchema { Type = JsonSchemaType.Array, Items = For(info.ElementType!) };
                case JsonTypeInfoKind.Dictionary:
                    return new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = For(info.ElementType!) };
                case JsonTypeInfoKind.Object:
                    return Component(info);
                default:
                    return new OpenApiSchema();
            }
        }

        private OpenApiSchemaReference Component(JsonTypeInfo info)
        {
            var name = info.Type.Name;
            var schemas = document.Components!.Schemas!;
            if (!schemas.ContainsKey(name))
            {
                var schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                    Required = new HashSet<string>(StringComparer.Ordinal),
                };
                schemas[name] = schema;
                foreach (var property in info.Properties)
                {
                    var nullable = property.IsGetNullable && Nullable.GetUnderlyingType(property.PropertyType) is null && !property.PropertyType.IsValueType;
                    var propertySchema = For(property.PropertyType);
                    schema.Properties[property.Name] = nullable ? OrNull(propertySchema) : propertySchema;
                    if (!nullable && Nullable.GetUnderlyingType(property.PropertyType) is null)
                    {
                        schema.Required.Add(property.Name);
                    }
                }
            }

            return new OpenApiSchemaReference(name, document);
        }

        private static OpenApiSchema OrNull(IOpenApiSchema schema) => schema switch
        {
            OpenApiSchema { Type: { } type } plain => new OpenApiSchema
            {
                Type = type | JsonSchemaType.Null,
                Format = plain.Format,
                Items = plain.Items,
                AdditionalProperties = plain.AdditionalProperties,
            },
            // A nullable reference: allOf [ref] + nullable, the form OpenAPI 3.0 tools understand.
            _ => new OpenApiSchema { AllOf = [schema], Type = JsonSchemaType.Null },
        };

        private static OpenApiSchema? Primitive(Type type) => type switch
        {
            _ when type == typeof(string) => new OpenApiSchema { Type = JsonSchemaType.String },
            _ when type == typeof(int) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            _ when type == typeof(long) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
            _ when type == typeof(decimal) => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" },
            _ when type == typeof(double) => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" },
            _ when type == typeof(bool) => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            _ when type == typeof(DateOnly) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            _ when type.IsEnum => new OpenApiSchema { Type = JsonSchemaType.String, Enum = Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(n)).ToList() },
            _ => null,
        };
    }
}
