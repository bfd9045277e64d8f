package io.contractgate; public class GatewayMain { public static void main(String[] a){} }
