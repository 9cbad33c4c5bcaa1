using ApiKeys.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project ApiKeys.Benchmarks -- --filter '*'            all benchmarks
// dotnet run -c Release --project ApiKeys.Benchmarks -- presign <url> <count> [<forged every>]  signed requests for scripts/load-test.sh
// dotnet run -c Release --project ApiKeys.Benchmarks -- plain-proxy <urls>   plain YARP on the ReverseProxy section, for scripts/load-test.sh --gateway
if (args is ["presign", var url, var count, ..])
{
    return await Presign.WriteAsync(new Uri(url), int.Parse(count), args.Length > 3 ? int.Parse(args[3]) : 0, Console.Out);
}

if (args is ["plain-proxy", var urls])
{
    return await PlainProxy.RunAsync(urls);
}

BenchmarkSwitcher.FromAssembly(typeof(ApiPipelineBenchmarks).Assembly).Run(args);
return 0;
