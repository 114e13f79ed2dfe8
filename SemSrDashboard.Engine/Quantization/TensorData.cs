using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace SemSrDashboard.Engine.Quantization;

/// <summary>Reads and writes the values of ONNX initializers (little-endian raw_data, as ONNX stores it).</summary>
internal static class TensorData
{
    /// <summary>The values of a float32 initializer.</summary>
    /// <exception cref="QuantizationException">The tensor is not float32 or keeps its data outside the model.</exception>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)DataType.Float)
            throw new QuantizationException($"initializer '{tensor.Name}' is {(DataType)tensor.DataType}, not float32");
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
            throw new QuantizationException($"initializer '{tensor.Name}': external tensor data is not supported");
        if (tensor.RawData.Length == 0)
            return [.. tensor.FloatData];
        var raw = tensor.RawData.Span;
        var values = new float[raw.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        return values;
    }

    public static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return Tensor(name, DataType.Float, bytes, dims);
    }

    public static TensorProto Int8(string name, sbyte[] values, params long[] dims) =>
        Tensor(name, DataType.Int8, Array.ConvertAll(values, v => unchecked((byte)v)), dims);

    public static TensorProto UInt8(string name, byte[] values, params long[] dims) =>
        Tensor(name, DataType.Uint8, values, dims);

    public static TensorProto Int32(string name, int[] values, params long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(int)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        return Tensor(name, DataType.Int32, bytes, dims);
    }

    private static TensorProto Tensor(string name, DataType type, byte[] bytes, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
