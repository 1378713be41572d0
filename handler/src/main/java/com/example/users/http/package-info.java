/**
 * The HTTP edge: the entry point {@link com.example.users.http.ApiHandler}, the API Gateway event
 * read into a request ({@code EventReader}) and the response written back ({@code EventWriter}),
 * the {@link com.example.users.http.RouteTable} (routes and their dispatch), problem responses,
 * JSON and the request log.
 */
package com.example.users.http;
