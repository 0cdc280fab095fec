using System.Reflection;
using System.Runtime.CompilerServices;
using Mono.Cecil;
using ICustomAttributeProvider = Mono.Cecil.ICustomAttributeProvider;

namespace Triage.Architecture.Tests.Infrastructure;

/// <summary>A type or string constant that a type refers to.</summary>
/// <param name="Name">Cecil's full name of the type (nested types as <c>Outer/Inner</c>, generic
/// types without their arguments, e.g. <c>Azure.Response`1</c>), or the constant's value.</param>
/// <param name="IsConstant">A string constant (NetArchTest counts a constant that spells a
/// forbidden namespace as a dependency on it).</param>
internal sealed record Dependency(string Name, bool IsConstant)
{
    public override string ToString() => IsConstant ? $"\"{Name}\" (a string constant)" : TypeScan.Display(Name);
}

/// <summary>
/// Reads what each type of an assembly refers to, with Mono.Cecil (which NetArchTest brings), the
/// way NetArchTest 1.3.2 does: base type, interfaces, attributes, generic constraints, fields,
/// properties, events, method signatures, locals and the types, fields and methods named in method
/// bodies, including those of the compiler-generated nested types (lambdas, async state machines),
/// which are folded into the type that declares them. Also reads the types given to attributes
/// (<c>typeof</c>), and the bodies of async lambdas that capture variables, which NetArchTest does
/// not (see <see cref="IsCompilerGenerated"/>). A rule fails on what either finds; this scan says
/// what exactly each type uses, for the failure message, and does what NetArchTest cannot express
/// (an exception for one type, dependencies between namespaces).
/// </summary>
internal static class TypeScan
{
    private static readonly Dictionary<string, AssemblyDefinition> Definitions = new(StringComparer.Ordinal);

    /// <summary>
    /// The types NetArchTest's <c>Types.InAssembly</c> checks: every top-level type and every nested
    /// type that is not compiler-generated, less the ones it excludes (System.*, Microsoft.* and
    /// &lt;Module&gt;: attributes the compiler embeds, source-generated regexes).
    /// </summary>
    public static IReadOnlyList<TypeDefinition> Types(Assembly assembly)
    {
        var module = Definition(assembly).MainModule;
        var output = module.Types.Where(t => !IsExcluded(t.FullName)).ToList();
        for (var i = 0; i < output.Count; i++)
        {
            output.AddRange(output[i].NestedTypes.Where(n => !IsCompilerGenerated(n)));
        }
        return output;
    }

    /// <summary>What <paramref name="type"/> refers to (itself excluded).</summary>
    public static IReadOnlySet<Dependency> DependenciesOf(TypeDefinition type)
    {
        var walker = new Walker();
        walker.Type(type);
        walker.Found.Remove(new Dependency(type.FullName, IsConstant: false));
        return walker.Found;
    }

    /// <summary>
    /// The namespace a type lives in (a nested type's is its outermost declaring type's).
    /// </summary>
    public static string NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }
        return type.Namespace;
    }

    /// <summary>
    /// Whether <paramref name="name"/> lies under <paramref name="prefix"/> by whole name segments,
    /// as NetArchTest matches: <c>Azure.Data.Tables</c> covers <c>Azure.Data.Tables.TableClient</c>
    /// and <c>Azure.Data.Tables.Models.TableItem</c>, not <c>Azure.Data.TablesX</c>.
    /// </summary>
    public static bool IsUnder(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal)
        && (name.Length == prefix.Length || name[prefix.Length] is '.' or '/' or '+' or ':');

    /// <summary>A Cecil full name as C# developers read it (<c>Outer+Inner</c>).</summary>
    public static string Display(string cecilName) => cecilName.Replace('/', '+');

    private static AssemblyDefinition Definition(Assembly assembly)
    {
        lock (Definitions)
        {
            if (!Definitions.TryGetValue(assembly.Location, out var definition))
            {
                definition = AssemblyDefinition.ReadAssembly(assembly.Location);
                Definitions[assembly.Location] = definition;
            }
            return definition;
        }
    }

    private static bool IsExcluded(string fullName) =>
        new[] { "System", "Microsoft", "Mono.Cecil", "netstandard", "NetArchTest.Rules", "<Module>", "xunit" }
            .Any(prefix => IsUnder(fullName, prefix));

    /// <summary>
    /// Marked [CompilerGenerated], or named as only the compiler names (<c>&lt;...&gt;</c>). The second
    /// test matters: the state machine of an async lambda that captures a variable is nested in the
    /// closure class and carries no [CompilerGenerated]; NetArchTest 1.3.2 then skips it, and with it
    /// whatever the lambda uses (the health check's StorageClients in Triage.Api was invisible to it).
    /// </summary>
    private static bool IsCompilerGenerated(TypeDefinition type) =>
        type.Name.StartsWith('<')
        || type.CustomAttributes.Any(a => a.AttributeType.FullName == typeof(CompilerGeneratedAttribute).FullName);

    private sealed class Walker
    {
        public HashSet<Dependency> Found { get; } = [];

        public void Type(TypeDefinition type)
        {
            Reference(type.BaseType);
            Attributes(type);
            foreach (var implemented in type.Interfaces)
            {
                Attributes(implemented);
                Reference(implemented.InterfaceType);
            }
            GenericParameters(type);
            foreach (var field in type.Fields)
            {
                Attributes(field);
                Reference(field.FieldType);
                if (field.HasConstant && field.Constant is string constant)
                {
                    Found.Add(new Dependency(constant, IsConstant: true));
                }
            }
            foreach (var property in type.Properties)
            {
                Attributes(property);
                Reference(property.PropertyType);
            }
            foreach (var @event in type.Events)
            {
                Attributes(@event);
                Reference(@event.EventType);
            }
            foreach (var method in type.Methods)
            {
                Method(method);
            }
            foreach (var nested in type.NestedTypes.Where(IsCompilerGenerated))
            {
                Type(nested);
            }
        }

        private void Method(MethodDefinition method)
        {
            Attributes(method);
            GenericParameters(method);
            Attributes(method.MethodReturnType);
            Reference(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Attributes(parameter);
                Reference(parameter.ParameterType);
            }
            if (!method.HasBody)
            {
                return;
            }
            foreach (var variable in method.Body.Variables)
            {
                Reference(variable.VariableType);
            }
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference type:
                        Reference(type);
                        break;
                    case GenericInstanceMethod generic:
                        Reference(generic.DeclaringType);
                        foreach (var argument in generic.GenericArguments)
                        {
                            Reference(argument);
                        }
                        break;
                    case MemberReference member: // a field or method of another type
                        Reference(member.DeclaringType);
                        break;
                }
            }
        }

        private void GenericParameters(IGenericParameterProvider provider)
        {
            foreach (var constraint in provider.GenericParameters.SelectMany(p => p.Constraints))
            {
                Reference(constraint.ConstraintType);
            }
        }

        private void Attributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Reference(attribute.AttributeType);
                foreach (var argument in attribute.ConstructorArguments
                    .Concat(attribute.Properties.Select(p => p.Argument))
                    .Concat(attribute.Fields.Select(f => f.Argument)))
                {
                    Argument(argument);
                }
            }
        }

        private void Argument(CustomAttributeArgument argument)
        {
            switch (argument.Value)
            {
                case TypeReference type: // typeof(X)
                    Reference(type);
                    break;
                case CustomAttributeArgument boxed:
                    Argument(boxed);
                    break;
                case CustomAttributeArgument[] array:
                    foreach (var element in array)
                    {
                        Argument(element);
                    }
                    break;
            }
        }

        private void Reference(TypeReference? type)
        {
            switch (type)
            {
                case null or GenericParameter:
                    return;
                case GenericInstanceType generic:
                    Reference(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Reference(argument);
                    }
                    return;
                case TypeSpecification specification: // arrays, by-ref, pointers, modifiers
                    Reference(specification.ElementType);
                    return;
                default:
                    Found.Add(new Dependency(type.FullName, IsConstant: false));
                    return;
            }
        }
    }
}
