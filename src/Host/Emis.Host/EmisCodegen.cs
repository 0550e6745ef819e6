using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;

namespace Emis.Host;

/// <summary>
/// Writes the code Wolverine (message handlers, HTTP endpoints) and Marten generate for this host as C# files, to be
/// checked in under <see cref="Folder"/> and compiled into Emis.Host, so that no host compiles code at run time
/// (adr/0016). Run through <c>./emis codegen</c> whenever a handler, its middleware or its dependencies change; a test
/// fails while the checked-in files differ from what this writes.
/// </summary>
public static class EmisCodegen
{
    /// <summary>The configuration key that points the generated-code folder somewhere else (codegen only).</summary>
    public const string OutputKey = "Emis:Codegen:Output";

    /// <summary>Where the generated code lives, relative to the host project's folder.</summary>
    public const string Folder = "Internal/Generated";

    /// <summary>
    /// Builds the host as it serves (without starting it, without a database), renders every generated type and writes
    /// one file per type into <paramref name="outputDirectory"/>, after removing the C# files a previous run left
    /// there. Returns the files written, sorted.
    /// </summary>
    public static IReadOnlyList<string> Write(string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        outputDirectory = Path.GetFullPath(outputDirectory);
        // Tells Marten and Wolverine that missing pre-built types are expected: they are what is being written.
        DynamicCodeBuilder.WithinCodegenCommand = true;
        try
        {
            using var app = EmisProgram.Build(
                [
                    "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
                    $"--{OutputKey}={outputDirectory}",
                    // Code generation never opens a connection, but the store needs a connection string to be built.
                    "--EMIS_DB=Host=127.0.0.1;Database=emis_codegen",
                ],
                runDaemon: false);
            var collections = app.Services.GetServices<ICodeFileCollection>().ToArray();
            if (collections.Length == 0)
            {
                throw new InvalidOperationException("no code to generate: Wolverine and Marten registered no ICodeFileCollection");
            }
            foreach (var collection in collections) collection.Rules.GeneratedCodeOutputPath = outputDirectory;

            if (Directory.Exists(outputDirectory))
            {
                foreach (var stale in Directory.EnumerateFiles(outputDirectory, "*.cs", SearchOption.AllDirectories)) File.Delete(stale);
            }
            var written = new List<string>();
            new DynamicCodeBuilder(app.Services, collections)
            {
                ServiceVariableSource = app.Services.GetService<IServiceVariableSource>(),
            }.WriteGeneratedCode(written.Add);
            written.Sort(StringComparer.Ordinal);
            return written;
        }
        finally
        {
            DynamicCodeBuilder.WithinCodegenCommand = false;
        }
    }

    /// <summary>The host project's generated-code folder, found from the running binary (bin/…/Emis.Host.dll).</summary>
    public static string DefaultOutput() =>
        Path.Combine(JasperFxOptions.ResolveProjectRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("the host project's folder was not found above " + AppContext.BaseDirectory + ": pass --output"),
                Folder);
}
