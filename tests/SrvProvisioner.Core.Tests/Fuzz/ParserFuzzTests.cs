using System.Text;
using CsCheck;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Fleet;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.HomeserverConfig.Nginx;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Fuzz;

namespace SrvProvisioner.Core.Tests.Fuzz;

/// <summary>
/// Issue 17, Deliver 7: every parser of user input, fed mutated real inputs, returns or throws
/// one of the tool's own errors (a SrvProvisionerException, which the CLI prints as one line),
/// within a bounded time. Runs are small (a few hundred inputs each) to keep the suite fast;
/// a failure prints the input, and CsCheck prints the seed to replay it.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int Iterations = 3000;

    private static readonly DnsName Server = DnsName.ParseServerName("example.com");

    private const string SynapseYaml = """
        server_name: "example.com"
        # Synapse answers the well-known itself.
        serve_server_wellknown: true
        listeners:
          - port: 8008
            type: http
            resources:
              - names: [client, federation]
        database: {name: sqlite3, args: {database: /data/homeserver.db}}
        registration_shared_secret: 'x'
        base: &base
          public_baseurl: https://matrix.example.com/
        <<: *base
        """;

    private const string PlaybookYaml = """
        ---
        matrix_domain: example.com
        matrix_homeserver_implementation: synapse
        matrix_static_files_file_matrix_server_enabled: true
        matrix_synapse_tls_federation_listener_enabled: true
        matrix_synapse_tls_certificate_path: /certs/example.com/fullchain.pem
        matrix_synapse_tls_private_key_path: "/certs/example.com/privkey.pem"
        postgres_connection_password: 'change-me-too'
        """;

    private const string DendriteYaml = """
        version: 2
        global:
          server_name: example.com
          well_known_server_name: "matrix.example.com:443"
          well_known_client_name: https://matrix.example.com
        """;

    private const string ConduwuitToml = """
        [global]
        server_name = "example.com"
        # the well-known
        [global.well_known]
        server = "matrix.example.com:443"
        client = 'https://matrix.example.com'
        """;

    private const string ConduitToml = """
        [global]
        server_name = "example.com"
        database_backend = "rocksdb"
        well_known = { server = "matrix.example.com:443" }
        port = [6167]
        """;

    private const string Nginx = """
        user www-data;
        http {
            include mime.types;
            server {
                listen 443 ssl http2;
                server_name example.com;
                location = /.well-known/matrix/server {
                    default_type application/json;
                    return 200 '{"m.server": "matrix.example.com:443"}';
                }
                location /.well-known/matrix/ { root /var/www; try_files $uri =404; }
                if ($host = x) { return 301 https://$host$request_uri; }
            }
        }
        """;

    private const string Fleet = """
        version: 1
        defaults:
          provider: main
          ttl: 3600
          services: both
          priority: 10
        providers:
          main:
            type: zonefile
            options:
              zone-file: /srv/example.com.zone
        domains:
          - server-name: example.com
            targets: [matrix.example.com:8448]
          - server-name: example.org
            targets: ["m1.example.org,priority=10", "m2.example.org,priority=20,weight=5"]
            ttl: 300
            services: fed
            expect-target: m1.example.org:8448
        """;

    private const string PlanFile = """
        {"formatVersion":1,"serverName":"example.com","changes":[{"kind":"dns","action":"create","name":"_matrix-fed._tcp.example.com.","type":"SRV","before":[],"after":["10 0 8448 matrix.example.com."],"ttlBefore":null,"ttlAfter":3600},{"kind":"dns","action":"create","name":"_matrix._tcp.example.com.","type":"SRV","before":[],"after":["10 0 8448 matrix.example.com."],"ttlBefore":null,"ttlAfter":3600},{"kind":"config","action":"update","path":"/srv/config/homeserver.yaml","setting":"serve_server_wellknown","before":true,"after":false}],"findings":[],"createdAt":"2026-11-30T15:41:30.0334296+00:00","provider":{"name":"zonefile","settings":{"--zone-file":"/srv/example.com.zone"}},"zone":{"name":"example.com.","id":"/srv/example.com.zone","private":false},"request":{"records":["10 0 8448 matrix.example.com."],"ttl":3600,"services":"both"},"observed":{"dns":[],"configFiles":[{"path":"/srv/config/homeserver.yaml","kind":"synapse","sha256":"4428904b8985d39c7fb4cdf700d97917f929daba44de447626add9d7ff15e14c","diff":"--- a/s2/config/homeserver.yaml\n+++ b/s2/config/homeserver.yaml\n@@ -12,7 +12,7 @@\n \n # Synapse answers https://example.com/.well-known/matrix/server itself. With SRV\n # delegation that answer would take precedence over the SRV records.\n-serve_server_wellknown: true\n+serve_server_wellknown: false\n \n database:\n   name: sqlite3\n","tree":null}]}}
        """;

    private static readonly IReadOnlyList<IDnsProviderFactory> Factories = [new OptionsOnlyFactory()];

    [Fact]
    public void ConfigFiles_OfEveryKind_ParseOrRefuseWithOwnErrors()
    {
        var kinds = new ConfigKind?[] { null, ConfigKind.Synapse, ConfigKind.Playbook, ConfigKind.Dendrite, ConfigKind.Conduwuit, ConfigKind.Conduit, ConfigKind.Compose, ConfigKind.Env };
        Gen.Select(Mutations.Near(SynapseYaml, PlaybookYaml, DendriteYaml, ConduwuitToml, ConduitToml, "MATRIX_WELL_KNOWN=1\nexport A='b'\n"), Gen.OneOf(kinds))
            .Sample((text, kind) => Only.OwnErrors(() => ConfigAnalyzer.Analyze("homeserver.yaml", Encoding.UTF8.GetBytes(text), kind, Server), text), iter: Iterations, threads: 1);
    }

    [Fact]
    public void NginxConfig_ParsesOrRefusesWithOwnErrors()
    {
        Mutations.Near(Nginx).Sample(text => Only.OwnErrors(() => NginxParser.Parse("/etc/nginx/nginx.conf", text), text), iter: Iterations, threads: 1);
    }

    [Fact]
    public void FleetFile_ParsesOrRefusesWithOwnErrors()
    {
        Mutations.Near(Fleet).Sample(text => Only.OwnErrors(() => FleetFileParser.Parse(text, "fleet.yaml", Factories), text), iter: Iterations, threads: 1);
    }

    [Fact]
    public void PlanFile_ParsesOrRefusesWithOwnErrors()
    {
        Mutations.Near(PlanFile).Sample(text => Only.OwnErrors(() => PlanJson.Deserialize(text, "plan.json"), text), iter: Iterations, threads: 1);
    }

    [Fact]
    public void HostPortAndNameForms_ParseOrRefuseWithOwnErrors()
    {
        var seeds = new[] { "matrix.example.com:8448", "matrix.example.com,priority=10,weight=5", "[2001:db8::1]:8448", "192.0.2.1:53", "example.com:443:127.0.0.1:8443", "xn--bcher-kva.example", "_matrix-fed._tcp.example.com.", "both", "fed,legacy" };
        Mutations.Near(seeds).Sample(
            text =>
            {
                Only.OwnErrors(() => SrvTargetSpec.Parse(text, 10, 0), text);
                Only.OwnErrors(() => DnsName.ParseServerName(text), text);
                Only.OwnErrors(() => DnsName.ParseHostName(text), text);
                Only.OwnErrors(() => MatrixServerName.Parse(text), text);
                Only.OwnErrors(() => ConnectToRule.Parse(text), text);
                Only.OwnErrors(() => DnsServerAddress.Parse(text), text);
                Only.OwnErrors(() => MatrixServicesNames.Parse(text, "--services"), text);
            },
            iter: Iterations * 3,
            threads: 1);
    }

    [Fact]
    public void Durations_ParseToAPositiveFiniteSpanOfAtMostADay_OrRefuseWithOwnErrors()
    {
        Mutations.Near("20", "20s", "500ms", "2m", "1h", "0.5", "NaN", "Infinity", "1e400").Sample(
            text =>
            {
                TimeSpan? parsed = null;
                Only.OwnErrors(() => parsed = DurationParser.Parse(text, "--timeout"), text);
                if (parsed is { } span)
                {
                    span.ShouldBeGreaterThan(TimeSpan.Zero, text);
                    span.ShouldBeLessThanOrEqualTo(TimeSpan.FromDays(1), text);
                }
            },
            iter: Iterations * 3,
            threads: 1);
    }

    [Fact]
    public void TxtPresentation_ParsesOrRefusesWithOwnErrors_AndItsCanonicalFormIsAFixedPoint()
    {
        Mutations.Near("\"v=spf1 -all\"", "\"a\" \"b\\\"c\" plain", "\"caf\\233\" \"\\\\\"", "\"" + new string('x', 300) + "\"").Sample(
            text =>
            {
                string? canonical = null;
                Only.OwnErrors(() => canonical = TxtRecordText.Canonicalise(text), text);
                if (canonical is not null)
                {
                    TxtRecordText.Canonicalise(canonical).ShouldBe(canonical, text);
                    TxtRecordText.Parse(canonical).ShouldBe(TxtRecordText.Parse(text), text);
                }
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void TxtText_RoundTrips_ThroughItsCanonicalForm()
    {
        Gen.String[Gen.Char, 0, 700].Sample(
            text =>
            {
                var record = TxtRecordText.FromText(text);
                TxtRecordText.JoinedText(record).ShouldBe(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)));
                TxtRecordText.Parse(record).ShouldAllBe(s => s.Length <= TxtRecordText.MaxStringBytes);
            },
            iter: Iterations,
            threads: 1);
    }

    /// <summary>The zone file provider's name and options, enough for the fleet parser; nothing is ever created.</summary>
    private sealed class OptionsOnlyFactory : IDnsProviderFactory
    {
        public string Name => "zonefile";

        public string Description => "options only";

        public ProviderCapabilities Capabilities => ProviderCapabilities.None;

        public IReadOnlyList<ProviderOption> Options { get; } = [new("--zone-file", "zone file") { Required = true }, new("--zone", "origin")];

        public IDnsProvider Create(ProviderSettings settings) => throw new NotSupportedException("the fuzz test only parses");
    }
}
