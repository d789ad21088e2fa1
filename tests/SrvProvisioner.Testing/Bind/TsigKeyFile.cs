using System.Security.Cryptography;

namespace SrvProvisioner.Testing.Bind;

/// <summary>A TSIG key as <c>tsig-keygen</c> writes it: a BIND <c>key</c> block.</summary>
public sealed record TsigKeyFile(string Name, string Algorithm, string SecretBase64)
{
    public static TsigKeyFile Generate(string name = "srvprov-test", string algorithm = "hmac-sha256")
    {
        var length = algorithm switch
        {
            "hmac-sha512" => 64,
            "hmac-sha1" => 20,
            _ => 32,
        };
        return new TsigKeyFile(name, algorithm, Convert.ToBase64String(RandomNumberGenerator.GetBytes(length)));
    }

    /// <summary>The block exactly in tsig-keygen's layout (tabs, trailing semicolons).</summary>
    public string ToBindBlock() => $"key \"{Name}\" {{\n\talgorithm {Algorithm};\n\tsecret \"{SecretBase64}\";\n}};\n";

    public string WriteTo(string directory, string fileName = "tsig.key")
    {
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, ToBindBlock());
        return path;
    }
}
