//! Accepting HTTP connections: hyper's HTTP/1 server with a deadline for request headers and a
//! cap on the connections one client address may hold open, graceful shutdown, and the peer
//! address for handlers (`ConnectInfo<SocketAddr>`).
//!
//! `axum::serve` has neither limit, so a few hundred sockets that send half a request line (or
//! nothing) hold a server's connections and tasks for as long as they like (slow loris). Here
//! a connection that has not sent a request's complete headers within `header_read_timeout`
//! (counted from its opening, or from the end of its previous answer when kept alive) is
//! closed, and an address's connection over `max_per_ip` is closed as soon as it is accepted.
//! The request timeout (`request_timeout_secs`, a router layer) bounds the rest: slow bodies
//! and slow handlers.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::{Service, ServiceExt};

/// What one client may hold open.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Time a connection has to send a request's headers.
    pub header_read_timeout: Duration,
    /// Connections open at once from one address (an IPv6 client counts per /64 network,
    /// which is what one subscriber usually gets); 0 for no cap.
    pub max_per_ip: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            max_per_ip: 64,
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then stops accepting, lets the
/// requests in flight finish, and returns once every connection is closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut make_service = router.into_make_service_with_connect_info::<SocketAddr>();
    let open = OpenConnections::default();
    // Dropping the receiver tells every connection to finish; the senders' count tells when
    // all are gone.
    let (stop_tx, stop_rx) = watch::channel(());
    tokio::spawn(async move {
        shutdown.await;
        drop(stop_rx);
    });
    let (done_tx, done_rx) = watch::channel(());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = stop_tx.closed() => break,
        };
        let Some(slot) = open.take(peer.ip(), limits.max_per_ip) else {
            // A flood would flood the logs too: count it, and log it only when asked.
            metrics::counter!("http_connections_refused_total", "reason" => "per_ip_cap")
                .increment(1);
            tracing::debug!(
                client = %peer.ip(),
                limit = limits.max_per_ip,
                "connection closed: too many open from this address"
            );
            drop(stream);
            continue;
        };
        // Making the per-connection service (the router with the peer's address) cannot fail.
        let Ok(ready) = ServiceExt::<SocketAddr>::ready(&mut make_service).await;
        let Ok(service) = ready.call(peer).await;
        let service = TowerToHyperService::new(
            service.map_request(|req: Request<Incoming>| req.map(Body::new)),
        );
        let stop_tx = stop_tx.clone();
        let done_rx = done_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout);
            let mut conn = pin!(
                builder
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades()
            );
            let mut stopping = pin!(stop_tx.closed());
            let mut asked_to_stop = false;
            loop {
                tokio::select! {
                    result = conn.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(client = %peer, error = %e, "connection ended");
                        }
                        break;
                    }
                    () = &mut stopping, if !asked_to_stop => {
                        asked_to_stop = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(slot);
            drop(done_rx);
        });
    }
    drop(listener);
    drop(done_rx);
    done_tx.closed().await;
}

/// Errors of one connection (reset before it was accepted, …) are not the listener's; running
/// out of file descriptors is, and waiting a moment lets connections close.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accept failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Open connections per client network.
#[derive(Clone, Default)]
struct OpenConnections(Arc<Mutex<HashMap<IpAddr, usize>>>);

impl OpenConnections {
    /// A place for one more connection from `ip`, or none when it has `max` open already.
    fn take(&self, ip: IpAddr, max: usize) -> Option<Slot> {
        let key = client_network(ip);
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(key).or_default();
        if max > 0 && *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            open: self.clone(),
            key,
        })
    }
}

/// One counted connection; dropping it frees the place.
struct Slot {
    open: OpenConnections,
    key: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// What counts as one client: an IPv4 address, or an IPv6 /64 network.
fn client_network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_is_an_ipv4_address_or_an_ipv6_network() {
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(client_network(v4), v4);
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(client_network(mapped), v4);
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(client_network(a), client_network(b));
    }

    #[test]
    fn places_are_counted_per_client_and_freed_on_drop() {
        let open = OpenConnections::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        let a = open.take(ip, 2).unwrap();
        let _b = open.take(ip, 2).unwrap();
        assert!(open.take(ip, 2).is_none());
        assert!(open.take(other, 2).is_some());
        drop(a);
        assert!(open.take(ip, 2).is_some());
        assert!(open.take(ip, 0).is_some(), "0 means no cap");
    }
}
