using System.CommandLine;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Models.Import;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Cli;

/// <summary><c>models import-tfjs</c>: converts a TensorFlow.js layers-model into an ONNX model with its card.</summary>
public static class ModelsCommand
{
    public static Command Create(TextWriter output)
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
                await output.WriteLineAsync(
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
            await output.WriteLineAsync("id\tscale\tparameters\tinferred\tname\tprovenance");
            foreach (var model in catalog.Registry.Models)
                await output.WriteLineAsync(string.Join('\t', model.Id, model.Card.Scale, model.Card.ParameterCount,
                    model.Card.Inferred ? "yes" : "no", model.Card.DisplayName, model.Description));
            foreach (var problem in catalog.Problems)
                await output.WriteLineAsync($"not offered: {problem}");
            return ExitCodes.Completed;
        });
        command.Subcommands.Add(list);
        return command;
    }
}
