using System.CommandLine;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Models.Import;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Cli;

/// <summary><c>models import-tfjs</c>: converts a TensorFlow.js layers-model into an ONNX model with its card;
/// <c>models list</c>: the models on offer; <c>models fp16</c>: writes a float16 variant of a model; <c>models
/// int8</c>: see <see cref="ModelsInt8Command"/>; <c>models finetune</c>: see <see cref="ModelsFinetuneCommand"/>. Only
/// <c>models list</c> writes data (to standard output); the others' progress and confirmations go to standard error.</summary>
public static class ModelsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("models", "Manage super-resolution models");

        var modelJson = new Argument<string>("model.json") { Description = "TensorFlow.js layers-model (model.json with its .bin shards beside it)" };
        var id = new Option<string>("--id") { Description = "Model id: the file-name stem of <id>.onnx and <id>.card.json", Required = true };
        var outDir = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "models" };
        var import = new Command("import-tfjs", "Convert a TensorFlow.js layers-model to ONNX (dynamic height/width) with a model card")
        {
            modelJson, id, outDir,
        };
        import.SetAction(async (parse, _) =>
        {
            try
            {
                var card = TfjsModelConverter.Convert(parse.GetValue(modelJson)!, parse.GetValue(id)!, parse.GetValue(outDir)!);
                await error.WriteLineAsync(
                    $"Wrote {Path.Combine(parse.GetValue(outDir)!, card.Id)}.onnx ({card.ParameterCount:N0} parameters, sha256 {card.Sha256})");
                return ExitCodes.Completed;
            }
            catch (TfjsImportException e)
            {
                throw new UsageException(e.Message);
            }
        });
        command.Subcommands.Add(import);

        var list = new Command("list", "List the models on offer (models/ and $SEMSR_MODELS) and the files that were not offered");
        list.SetAction(async (_, _) =>
        {
            if (EngineContext.CreateMethodCatalog() is not ModelMethodCatalog catalog)
                return ExitCodes.Completed;
            await output.WriteLineAsync($"folders: {string.Join(", ", catalog.Registry.Folders)}");
            // lineage: "base → id" for a model fine-tuned here, "-" for the others.
            await output.WriteLineAsync("id\tscale\tparameters\tinferred\tname\tprovenance\tlineage");
            foreach (var model in catalog.Registry.Models)
                await output.WriteLineAsync(string.Join('\t', model.Id, model.Card.Scale, model.Card.ParameterCount,
                    model.Card.Inferred ? "yes" : "no", model.Card.DisplayName, model.Description,
                    model.Card.Lineage is { } lineage ? $"{lineage.BaseId} → {model.Id}" : "-"));
            foreach (var problem in catalog.Problems)
                await output.WriteLineAsync($"not offered: {problem}");
            return ExitCodes.Completed;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(CreateFp16(error));
        command.Subcommands.Add(ModelsInt8Command.Create(error));
        command.Subcommands.Add(ModelsFinetuneCommand.Create(error));
        return command;
    }

    /// <param name="messages">Standard error: the confirmation (the verb writes no data).</param>
    private static Command CreateFp16(TextWriter messages)
    {
        var id = new Argument<string>("id") { Description = "Id of a model on offer (see models list)" };
        var outDir = new Option<string?>("--out")
        {
            Description = $"Output folder (default: the first folder in ${ModelRegistry.EnvironmentVariable}; not the bundled models/ folder)",
        };
        var fp16 = new Command("fp16", "Write <id>-fp16.onnx, a float16 variant (float32 input and output), with its card") { id, outDir };
        fp16.SetAction(async (parse, _) =>
        {
            var catalog = EngineContext.CreateMethodCatalog();
            string sourceId = parse.GetValue(id)!;
            var source = catalog.Registry.Find(sourceId)
                ?? throw new UsageException($"unknown model '{sourceId}'; the models on offer are: " +
                                            (catalog.Registry.Models.Count == 0 ? "none" : string.Join(", ", catalog.Registry.Ids)));
            if (source.Card.Inferred)
                throw new UsageException($"model '{sourceId}' has no card; write one first (see docs/model-card.md)");
            string folder = ModelOutputFolder.Resolve(parse.GetValue(outDir));
            try
            {
                var card = Fp16ModelConverter.ConvertFile(source.OnnxPath, source.Card, folder);
                await messages.WriteLineAsync($"Wrote {Path.Combine(folder, card.Id)}.onnx (sha256 {card.Sha256}) and its card");
                return ExitCodes.Completed;
            }
            catch (Fp16ConversionException e)
            {
                throw new UsageException($"model '{sourceId}' cannot be converted to float16: {e.Message}");
            }
        });
        return fp16;
    }
}
