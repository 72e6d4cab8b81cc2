"""A stand-in of monitor.cn.ua, served on 127.0.0.1, for tests, benchmarks and the offline demo."""
