//! Route tables: which documented endpoint a request addresses.

use super::{Reply, Request};
use http::{Method, StatusCode};

/// One segment of a route pattern.
#[derive(Clone, Copy)]
pub(crate) enum Seg {
    /// A fixed segment, matched ASCII case-insensitively as ASP.NET routing does.
    Lit(&'static str),
    /// A path parameter.
    Param,
}

/// One row of a fake's route table.
pub(crate) type RouteRow<R> = (R, Method, &'static [Seg]);

/// The method a route is served with (GET if the table lacks the route,
/// which the route tables' own tests rule out).
pub(crate) fn route_method<R: PartialEq>(table: &[RouteRow<R>], route: &R) -> Method {
    table
        .iter()
        .find(|(r, _, _)| r == route)
        .map_or(Method::GET, |(_, method, _)| method.clone())
}

/// Matches `path` against `pattern`; a trailing slash is ignored. Returns the
/// parameter segments in order.
pub(crate) fn match_path<'p>(pattern: &[Seg], path: &'p str) -> Option<Vec<&'p str>> {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let mut segments = trimmed.strip_prefix('/')?.split('/');
    let mut params = Vec::new();
    for seg in pattern {
        let actual = segments.next()?;
        match seg {
            Seg::Lit(lit) if lit.eq_ignore_ascii_case(actual) => {}
            Seg::Lit(_) => return None,
            Seg::Param if !actual.is_empty() => params.push(actual),
            Seg::Param => return None,
        }
    }
    segments.next().is_none().then_some(params)
}

/// How a request relates to a fake's route table.
pub(crate) enum Routing<R> {
    Found(R, Vec<String>),
    /// The path exists with other methods.
    MethodNotAllowed,
    NotFound,
}

impl<R: Copy> Routing<R> {
    pub(crate) fn route(&self) -> Option<R> {
        match self {
            Routing::Found(route, _) => Some(*route),
            _ => None,
        }
    }
}

pub(crate) fn resolve<R: Copy>(table: &[RouteRow<R>], method: &Method, path: &str) -> Routing<R> {
    let mut path_known = false;
    for (route, route_method, pattern) in table {
        if let Some(params) = match_path(pattern, path) {
            if route_method == method {
                return Routing::Found(*route, params.into_iter().map(str::to_owned).collect());
            }
            path_known = true;
        }
    }
    if path_known {
        Routing::MethodNotAllowed
    } else {
        Routing::NotFound
    }
}

/// The answers both vendors' ASP.NET servers give before a handler runs.
pub(crate) fn not_routed<R>(routing: &Routing<R>, request: &Request) -> Reply {
    match routing {
        Routing::MethodNotAllowed => Reply::message(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "The requested resource does not support http method '{}'.",
                request.method
            ),
        ),
        _ => Reply::message(
            StatusCode::NOT_FOUND,
            format!(
                "No HTTP resource was found that matches the request URI '{}'.",
                request.path
            ),
        ),
    }
}

/// Checks a route table against its `Route::ALL`: every route served, once.
#[cfg(test)]
pub(crate) fn check_route_table<R: PartialEq + std::fmt::Debug>(table: &[RouteRow<R>], all: &[R]) {
    for route in all {
        let rows = table.iter().filter(|(r, _, _)| r == route).count();
        assert_eq!(rows, 1, "{route:?}");
    }
    assert_eq!(table.len(), all.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_case_insensitively_with_params() {
        let pattern = [
            Seg::Lit("rest"),
            Seg::Lit("api"),
            Seg::Lit("Orders"),
            Seg::Param,
        ];
        assert_eq!(
            match_path(&pattern, "/rest/api/Orders/12"),
            Some(vec!["12"])
        );
        assert_eq!(
            match_path(&pattern, "/REST/api/orders/12/"),
            Some(vec!["12"])
        );
        assert_eq!(match_path(&pattern, "/rest/api/Orders"), None);
        assert_eq!(match_path(&pattern, "/rest/api/Orders/12/x"), None);
        assert_eq!(match_path(&pattern, "/rest/api/Orders//"), None);
    }
}
