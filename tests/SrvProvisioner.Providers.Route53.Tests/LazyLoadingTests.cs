using System.Reflection;
using System.Runtime.Loader;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>
/// Every srvprov command builds every provider factory for its options, so a factory must not
/// pull in the AWS SDK before <c>Create</c>: checked in a fresh load context where nothing
/// else has loaded it yet.
/// </summary>
public sealed class LazyLoadingTests
{
    [Fact]
    public void Factory_DescribesItsOptions_WithoutLoadingTheAwsSdk()
    {
        var path = typeof(Route53ProviderFactory).Assembly.Location;
        var context = new IsolatedContext(path);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            var factory = Activator.CreateInstance(assembly.GetType(typeof(Route53ProviderFactory).FullName!)!)!;
            var type = factory.GetType();
            type.GetProperty(nameof(Route53ProviderFactory.Name))!.GetValue(factory).ShouldBe("route53");
            ((System.Collections.ICollection)type.GetProperty(nameof(Route53ProviderFactory.Options))!.GetValue(factory)!).Count.ShouldBeGreaterThan(0);
            type.GetProperty(nameof(Route53ProviderFactory.Description))!.GetValue(factory).ShouldNotBeNull();

            context.Assemblies.Select(a => a.GetName().Name).ShouldNotContain("AWSSDK.Core");
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads the provider and the libraries beside it afresh; shares the framework and SrvProvisioner.Core with the test.</summary>
    private sealed class IsolatedContext(string mainAssemblyPath) : AssemblyLoadContext("route53-lazy", isCollectible: true)
    {
        private readonly string _directory = Path.GetDirectoryName(mainAssemblyPath)!;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(_directory, assemblyName.Name + ".dll");
            return assemblyName.Name is not "SrvProvisioner.Core" && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
